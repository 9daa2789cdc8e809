package io.batchworks.plugin.data;

import java.sql.SQLException;
import java.util.List;

/**
 * Loads many rows into a table at once, inside the current chunk's transaction: PostgreSQL's {@code COPY},
 * or a JDBC batch of inserts elsewhere. A failure (e.g. a unique violation, SQL state {@code 23505}) is thrown
 * as the database reported it, so a caller can roll back to a savepoint and take another path.
 */
@FunctionalInterface
public interface TableLoader {

    /**
     * @param columns the columns each row's values are for, in order
     * @param rows    values: {@code null}, strings, numbers, booleans
     */
    void load(String table, List<String> columns, List<Object[]> rows) throws SQLException;
}
