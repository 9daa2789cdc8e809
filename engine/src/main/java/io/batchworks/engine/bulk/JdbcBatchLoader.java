package io.batchworks.engine.bulk;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collections;
import java.util.List;

import javax.sql.DataSource;

import io.batchworks.plugin.data.TableLoader;

import org.springframework.jdbc.datasource.DataSourceUtils;

/** The portable bulk path: one prepared INSERT, executed as a JDBC batch on the transaction's connection. */
public final class JdbcBatchLoader implements TableLoader {

    private final DataSource dataSource;

    public JdbcBatchLoader(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public void load(String table, List<String> columns, List<Object[]> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        String sql = "INSERT INTO " + table + " (" + String.join(", ", columns) + ") VALUES ("
                + String.join(", ", Collections.nCopies(columns.size(), "?")) + ")";
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try (PreparedStatement insert = connection.prepareStatement(sql)) {
            for (Object[] row : rows) {
                for (int i = 0; i < row.length; i++) {
                    insert.setObject(i + 1, row[i]);
                }
                insert.addBatch();
            }
            insert.executeBatch();
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
    }
}
