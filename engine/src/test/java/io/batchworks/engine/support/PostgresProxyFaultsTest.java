package io.batchworks.engine.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicReference;

import io.batchworks.engine.support.CuttableProxy.AtTransactionEnd;

import org.junit.jupiter.api.Test;

/** The proxy's faults at a transaction's end do what the fault tests rely on, with PostgreSQL's own driver. */
class PostgresProxyFaultsTest {

    @Test
    void aCommitCutBeforeIsLostAndOneCutAfterIsKeptThoughTheClientSeesItFail() throws Exception {
        try (TestDatabase db = TestDatabase.postgres(); CuttableProxy proxy = new CuttableProxy(5432)) {
            try (Connection c = db.connect(); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE t (n INT)");
            }
            AtomicReference<AtTransactionEnd> next = new AtomicReference<>(AtTransactionEnd.PASS);
            proxy.failTransactionEnds((command, statements) -> command.equals("COMMIT") ? next.getAndSet(AtTransactionEnd.PASS) : AtTransactionEnd.PASS);
            String url = "jdbc:postgresql://127.0.0.1:" + proxy.port() + "/" + db.pgDatabase();
            for (AtTransactionEnd fault : AtTransactionEnd.values()) {
                try (Connection c = DriverManager.getConnection(url, "postgres", ""); Statement s = c.createStatement()) {
                    c.setAutoCommit(false);
                    for (int i = 0; i < 7; i++) { // past the driver's prepare threshold: COMMIT becomes a named statement
                        s.execute("INSERT INTO t VALUES (" + (fault.ordinal() * 10 + i) + ")");
                        c.commit();
                    }
                    s.execute("INSERT INTO t VALUES (" + (fault.ordinal() * 10 + 9) + ")");
                    next.set(fault);
                    if (fault == AtTransactionEnd.PASS) {
                        c.commit();
                    } else {
                        assertThatThrownBy(c::commit).as(fault.name()).isInstanceOf(SQLException.class);
                    }
                }
            }
            try (Connection c = db.connect(); Statement s = c.createStatement();
                 ResultSet rows = s.executeQuery("SELECT string_agg(n::text, ',' ORDER BY n) FROM t WHERE n % 10 = 9")) {
                rows.next();
                assertThat(rows.getString(1)).as("kept: passed and cut after").isEqualTo(
                        (AtTransactionEnd.PASS.ordinal() * 10 + 9) + "," + (AtTransactionEnd.CUT_AFTER.ordinal() * 10 + 9));
            }
        }
    }
}
