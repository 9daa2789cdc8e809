package io.batchworks.engine.plugins;

import javax.sql.DataSource;

import io.batchworks.engine.EngineDatabase;
import io.batchworks.engine.accounts.AccountStore;
import io.batchworks.engine.bulk.JdbcBatchLoader;
import io.batchworks.engine.bulk.PostgresCopyLoader;
import io.batchworks.plugin.data.Database;
import io.batchworks.plugin.data.TableLoader;
import io.batchworks.plugin.jobs.Jobs;
import io.batchworks.plugin.tasks.Tasks;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;
import org.springframework.stereotype.Component;

/**
 * What the engine shares with every plugin, and the maker of each plugin version's own {@link EnginePluginContext}
 * (which adds what that version owns: its threads).
 */
@Component
class PluginContexts {

    final DataSource dataSource;
    final Database database;
    final TableLoader tableLoader;
    final Environment environment;
    final AccountStore accounts;
    final PluginServices services;
    final LoopbackFetch fetch;
    /** Looked up late: the engine's tasks and jobs need the plugins these contexts are handed to. */
    final ObjectProvider<Tasks> tasks;
    final ObjectProvider<Jobs> jobs;

    PluginContexts(DataSource dataSource, EngineDatabase database, Environment environment, AccountStore accounts,
                   PluginServices services, LoopbackFetch fetch, ObjectProvider<Tasks> tasks, ObjectProvider<Jobs> jobs) {
        this.dataSource = new TransactionAwareDataSourceProxy(dataSource);
        this.database = database.kind();
        this.tableLoader = this.database == Database.POSTGRESQL ? new PostgresCopyLoader(dataSource) : new JdbcBatchLoader(dataSource);
        this.environment = environment;
        this.accounts = accounts;
        this.services = services;
        this.fetch = fetch;
        this.tasks = tasks;
        this.jobs = jobs;
    }

    /** A context for one version of a plugin; closing it stops the threads it handed out. */
    EnginePluginContext forPlugin(String pluginId) {
        return new EnginePluginContext(this, pluginId);
    }
}
