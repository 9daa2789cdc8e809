package io.batchworks.engine.scheduling;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import io.batchworks.engine.EngineDatabase;
import io.batchworks.plugin.data.Database;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;
import org.springframework.stereotype.Component;

/**
 * Creates Quartz's job-store tables once, from the DDL Quartz ships for this database, as an engine migration:
 * Boot's own Quartz initializer would run that script (which starts by dropping the tables) at every start.
 */
@Component
class V2__Quartz_tables extends BaseJavaMigration {

    @Override
    public void migrate(Context context) throws Exception {
        boolean postgres = EngineDatabase.of(context.getConnection()) == Database.POSTGRESQL;
        String script = "org/quartz/impl/jdbcjobstore/" + (postgres ? "tables_postgres.sql" : "tables_hsqldb.sql");
        // The PostgreSQL script ends with COMMIT; Flyway owns this migration's transaction.
        String ddl = read(script).replaceAll("(?im)^\\s*COMMIT\\s*;\\s*$", "");
        ResourceDatabasePopulator populator = new ResourceDatabasePopulator(new ByteArrayResource(ddl.getBytes(StandardCharsets.UTF_8)));
        populator.setCommentPrefixes("--", "#");
        populator.populate(context.getConnection());
    }

    private static String read(String path) throws IOException {
        try (InputStream in = new ClassPathResource(path, V2__Quartz_tables.class.getClassLoader()).getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
