package io.batchworks.engine.plugins;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

import javax.sql.DataSource;

import io.batchworks.engine.accounts.AccountStore;
import io.batchworks.engine.bulk.JdbcBatchLoader;
import io.batchworks.engine.bulk.PostgresCopyLoader;
import io.batchworks.engine.security.Access;
import io.batchworks.plugin.Accounts;
import io.batchworks.plugin.Caller;
import io.batchworks.plugin.Database;
import io.batchworks.plugin.PluginContext;
import io.batchworks.plugin.TableLoader;
import io.batchworks.plugin.Tasks;
import io.batchworks.plugin.Jobs;
import io.batchworks.engine.web.LoopbackFetch;

import org.springframework.beans.factory.ObjectProvider;

import org.springframework.core.env.Environment;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.function.ServerRequest;

/** What every plugin is handed: the engine's database (transaction-aware), settings, accounts, callers. */
@Component
public class EnginePluginContext implements PluginContext {

    private final DataSource dataSource;
    private final Database database;
    private final Environment environment;
    private final AccountStore accounts;
    private final TableLoader tableLoader;
    private final ObjectProvider<Tasks> tasks;
    private final PluginServices services;
    private final ObjectProvider<Jobs> jobs;
    private final LoopbackFetch fetch;

    /** {@code tasks} is looked up late: the engine's tasks need the plugins this context is handed to. */
    public EnginePluginContext(DataSource dataSource, Environment environment, AccountStore accounts, ObjectProvider<Tasks> tasks,
                               PluginServices services, ObjectProvider<Jobs> jobs, LoopbackFetch fetch) throws SQLException {
        this.jobs = jobs;
        this.fetch = fetch;
        this.tasks = tasks;
        this.services = services;
        this.dataSource = new TransactionAwareDataSourceProxy(dataSource);
        this.environment = environment;
        this.accounts = accounts;
        try (Connection c = dataSource.getConnection()) {
            this.database = databaseOf(c);
        }
        this.tableLoader = database == Database.POSTGRESQL ? new PostgresCopyLoader(dataSource) : new JdbcBatchLoader(dataSource);
    }

    /** Which of the engine's databases a connection is to. */
    public static Database databaseOf(Connection connection) throws SQLException {
        String product = connection.getMetaData().getDatabaseProductName().toLowerCase();
        return product.contains("postgres") ? Database.POSTGRESQL : Database.HSQLDB;
    }

    @Override
    public DataSource dataSource() {
        return dataSource;
    }

    @Override
    public Database database() {
        return database;
    }

    @Override
    public TableLoader tableLoader() {
        return tableLoader;
    }

    @Override
    public <T> T setting(String key, Class<T> type, T defaultValue) {
        return environment.getProperty(key, type, defaultValue);
    }

    @Override
    public Accounts accounts() {
        return accounts;
    }

    @Override
    public <T> Optional<T> service(Class<T> type) {
        return services.find(type);
    }

    @Override
    public Tasks tasks() {
        return tasks.getObject();
    }

    @Override
    public Caller caller(ServerRequest request) {
        return Access.caller();
    }

    @Override
    public Caller caller(ServerRequest request, String permission) {
        return Access.caller(permission);
    }

    @Override
    public Jobs jobs() {
        return jobs.getObject();
    }

    @Override
    public Fetched fetch(String accountId, String path, String accept, Path target) throws IOException {
        return fetch.fetch(accountId, path, accept, target);
    }
}
