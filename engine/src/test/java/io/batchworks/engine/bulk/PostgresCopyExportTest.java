package io.batchworks.engine.bulk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/** The COPY export below the engine: literals in place of parameters, and a restart that resumes exactly. */
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
