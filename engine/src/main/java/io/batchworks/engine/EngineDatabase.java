package io.batchworks.engine;

import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import io.batchworks.plugin.Database;

import org.springframework.stereotype.Component;

/** Which database the engine runs on, told the one way the engine tells it: by the connection's product name. */
@Component
public class EngineDatabase {

    private final Database kind;

    public EngineDatabase(DataSource dataSource) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            this.kind = of(c);
        }
    }

    public Database kind() {
        return kind;
    }

    /** Which of the engine's databases a connection is to (for code that has a connection but no bean, e.g. a migration). */
    public static Database of(Connection connection) throws SQLException {
        String product = connection.getMetaData().getDatabaseProductName().toLowerCase();
        return product.contains("postgres") ? Database.POSTGRESQL : Database.HSQLDB;
    }
}
