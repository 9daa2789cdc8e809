package io.batchworks.engine;

import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import io.batchworks.plugin.data.Database;

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

    /**
     * What ends a paged query ({@code ... FETCH FIRST n ROWS ONLY}) whose {@code ORDER BY} lists every column of the
     * index it should walk, in the index's order (equality columns included): HSQLDB otherwise picks an index by the
     * query's equalities alone and sorts every row they match for each page, and walks the index in order when told
     * so. PostgreSQL's planner needs no hint.
     */
    public String walkingTheIndex() {
        return kind == Database.HSQLDB ? " USING INDEX" : "";
    }

    /** Which of the engine's databases a connection is to (for code that has a connection but no bean, e.g. a migration). */
    public static Database of(Connection connection) throws SQLException {
        String product = connection.getMetaData().getDatabaseProductName().toLowerCase();
        return product.contains("postgres") ? Database.POSTGRESQL : Database.HSQLDB;
    }
}
