package io.batchworks.engine.bulk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.batchworks.engine.support.TestDatabase;
import io.batchworks.plugin.ExportQuery;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyOut;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * The COPY export below the engine: literals in place of parameters, a restart that resumes exactly, and cells as
 * PostgreSQL's own {@code trim_scale} and {@code NULLIF} would write them.
 */
class PostgresCopyExportTest {

    private TestDatabase db;
    private SingleConnectionDataSource dataSource;

    @BeforeEach
    void createTable() throws SQLException {
        db = TestDatabase.postgres();
        dataSource = new SingleConnectionDataSource(db.connect(), true);
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (deck VARCHAR(16), n INTEGER, amount NUMERIC(20, 6), note VARCHAR(64))");
            s.execute("INSERT INTO t SELECT 'it''s', g, g / 8.0, CASE WHEN g % 3 = 0 THEN '' WHEN g % 3 = 1 THEN 'a,\"b\"' END"
                    + " FROM generate_series(1, 25) g");
            s.execute("INSERT INTO t VALUES ('other', 1, 1, 'x')");
        }
    }

    @AfterEach
    void dropDatabase() throws SQLException {
        dataSource.destroy();
        db.close();
    }

    @Test
    void argumentsBecomeLiteralsOutsideQuotesOnly() throws SQLException {
        assertThat(PostgresCopyExport.withLiterals("SELECT '?', \"a?\" FROM t WHERE a = ? AND b = ? AND c = ?",
                Arrays.asList("it's", 42, null), true))
                .isEqualTo("SELECT '?', \"a?\" FROM t WHERE a = 'it''s' AND b = 42 AND c = NULL");
        assertThatThrownBy(() -> PostgresCopyExport.withLiterals("SELECT ?", List.of(), true)).isInstanceOf(SQLException.class);
        assertThatThrownBy(() -> PostgresCopyExport.withLiterals("SELECT 1", List.of(1), true)).isInstanceOf(SQLException.class);
    }

    @Test
    void aRestartResumesAfterTheLinesAlreadyRead() throws Exception {
        ExportQuery query = new ExportQuery(List.of("n", "amount", "note"),
                "SELECT n, amount, note FROM t WHERE deck = ? ORDER BY n", List.of("it's"));
        List<String> whole = readAll(query, new ExecutionContext());
        assertThat(whole).hasSize(25);
        assertThat(whole.subList(0, 3)).containsExactly("1,0.125,\"a,\"\"b\"\"\"", "2,0.25,", "3,0.375,");

        ExecutionContext saved = new ExecutionContext();
        List<String> resumed = new ArrayList<>();
        PostgresCopyExport first = new PostgresCopyExport(dataSource, query, "export");
        first.open(saved);
        for (int i = 0; i < 10; i++) {
            resumed.add(first.read());
        }
        first.update(saved);
        first.close();
        resumed.addAll(readAll(query, saved));
        assertThat(resumed).isEqualTo(whole);
    }

    @Test
    void cellsReadAsTrimScaleAndNullIfWouldWriteThem() throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE odd (k INTEGER, amount NUMERIC(20, 6), free NUMERIC, note VARCHAR(64), tag CHAR(3),"
                    + " body TEXT, flag BOOLEAN)");
            s.execute("INSERT INTO odd VALUES (1, 0, 'NaN', '', '', '', true), (2, -0.5, 100, NULL, NULL, NULL, NULL),"
                    + " (3, 1000000, 12.3400, 'a,b', 'x,y', 'say \"hi\"', false), (4, 0.000001, 0.0, '\"\"', '\"', ',', true),"
                    + " (5, 123.456789, -7, 'ü€,', 'é', E'two\\nlines', NULL), (6, NULL, NULL, '\"', ' ', '\",\"', NULL)");
        }
        ExportQuery query = new ExportQuery(List.of("k", "amount", "free", "note", "tag", "body", "flag"),
                "SELECT * FROM odd ORDER BY k", List.of());
        List<String> expected = new ArrayList<>();
        try (Connection c = dataSource.getConnection()) {
            CopyOut copy = c.unwrap(PGConnection.class).getCopyAPI().copyOut("COPY (SELECT k, trim_scale(amount),"
                    + " trim_scale(free), NULLIF(note, ''), NULLIF(tag, ''), NULLIF(body, ''), flag FROM odd ORDER BY k)"
                    + " TO STDOUT WITH (FORMAT csv)");
            for (byte[] row = copy.readFromCopy(); row != null; row = copy.readFromCopy()) {
                expected.add(new String(row, 0, row.length - 1, StandardCharsets.UTF_8));
            }
        }
        assertThat(expected).hasSize(6).contains("2,-0.5,100,,,,");
        assertThat(readAll(query, new ExecutionContext())).isEqualTo(expected);
    }

    private List<String> readAll(ExportQuery query, ExecutionContext context) throws Exception {
        PostgresCopyExport reader = new PostgresCopyExport(dataSource, query, "export");
        reader.open(context);
        List<String> lines = new ArrayList<>();
        for (String line = reader.read(); line != null; line = reader.read()) {
            lines.add(line);
        }
        reader.close();
        return lines;
    }
}
