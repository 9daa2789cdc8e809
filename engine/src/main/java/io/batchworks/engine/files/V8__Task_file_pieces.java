package io.batchworks.engine.files;

import java.sql.Statement;

import io.batchworks.engine.EngineDatabase;
import io.batchworks.plugin.data.Database;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.springframework.stereotype.Component;

/**
 * The table of tasks' files kept in the database ({@code batchworks.task-files=database}): each file in numbered
 * pieces, binary, so that no piece is ever large and any node reads a file as a stream. Binary columns differ by
 * database (PostgreSQL's {@code BYTEA}, HSQLDB's {@code BLOB}), hence a Java migration.
 */
@Component
class V8__Task_file_pieces extends BaseJavaMigration {

    @Override
    public void migrate(Context context) throws Exception {
        String binary = EngineDatabase.of(context.getConnection()) == Database.POSTGRESQL ? "BYTEA" : "BLOB(64M)";
        try (Statement s = context.getConnection().createStatement()) {
            s.execute("CREATE TABLE bw_task_file (task_id VARCHAR(32) NOT NULL, name VARCHAR(32) NOT NULL, seq INTEGER NOT NULL,"
                    + " data " + binary + " NOT NULL, PRIMARY KEY (task_id, name, seq))");
        }
    }
}
