package io.batchworks.engine.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Assumptions;

/**
 * A fresh database for one engine under test: an HSQLDB file in a temporary folder, or a new PostgreSQL
 * database on 127.0.0.1:5432. Under {@code CI=true} an unreachable PostgreSQL fails the test; elsewhere it skips it.
 */
public final class TestDatabase implements AutoCloseable {

    private static final String PG_ADMIN_URL = "jdbc:postgresql://127.0.0.1:5432/postgres";

    private final String name;
    private final List<String> args;
    private final String pgDatabase;

    private TestDatabase(String name, List<String> args, String pgDatabase) {
        this.name = name;
        this.args = args;
        this.pgDatabase = pgDatabase;
    }

    /** HSQLDB in file mode under the engine's data dir: the embedded default, so no arguments. */
    /** The two databases the engine runs on; a test class runs once on each its annotation names. */
    public enum Kind {
        HSQLDB, POSTGRESQL;

        /** A fresh database of this kind, which the caller closes. */
        public TestDatabase open() {
            return this == HSQLDB ? hsqldb() : postgres();
        }
    }

    public static TestDatabase hsqldb() {
        return new TestDatabase("hsqldb", List.of(), null);
    }

    public static TestDatabase postgres() {
        String db = "bw_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = DriverManager.getConnection(PG_ADMIN_URL, "postgres", ""); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + db);
        } catch (SQLException e) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError("PostgreSQL at 127.0.0.1:5432 is unreachable, and CI needs it: " + e.getMessage(), e);
            }
            Assumptions.abort("PostgreSQL at 127.0.0.1:5432 is unreachable (outside CI, so skipped): " + e.getMessage());
        }
        return new TestDatabase("postgres", List.of(
                "--spring.datasource.url=jdbc:postgresql://127.0.0.1:5432/" + db,
                "--spring.datasource.username=postgres",
                "--spring.datasource.password="), db);
    }

    public String name() {
        return name;
    }

    /** Engine command-line arguments that select this database. */
    public List<String> args() {
        return args;
    }

    /** A connection to this PostgreSQL database, for tests that work below the engine. */
    public Connection connect() throws SQLException {
        if (pgDatabase == null) {
            throw new IllegalStateException("not a PostgreSQL database");
        }
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/" + pgDatabase, "postgres", "");
    }

    /**
     * This PostgreSQL database reached through another port of the loopback interface (a proxy that can cut it); the
     * returned object is for the engine's arguments only: close this one.
     */
    public TestDatabase via(int port) {
        if (pgDatabase == null) {
            throw new IllegalStateException("not a PostgreSQL database");
        }
        return new TestDatabase(name, args.stream().map(a -> a.replace("127.0.0.1:5432/", "127.0.0.1:" + port + "/")).toList(), null);
    }

    /** The name of this PostgreSQL database. */
    public String pgDatabase() {
        if (pgDatabase == null) {
            throw new IllegalStateException("not a PostgreSQL database");
        }
        return pgDatabase;
    }

    public boolean isPostgres() {
        return pgDatabase != null;
    }

    @Override
    public void close() throws SQLException {
        if (pgDatabase == null) {
            return;
        }
        try (Connection c = DriverManager.getConnection(PG_ADMIN_URL, "postgres", ""); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + pgDatabase + " WITH (FORCE)");
        }
    }

}
