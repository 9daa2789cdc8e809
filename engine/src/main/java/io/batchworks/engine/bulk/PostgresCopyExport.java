package io.batchworks.engine.bulk;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import io.batchworks.plugin.ExportQuery;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyOut;
import org.postgresql.core.BaseConnection;
import org.postgresql.core.Utils;
import org.springframework.batch.infrastructure.item.support.AbstractItemCountingItemStreamItemReader;

/**
 * An export on PostgreSQL: the query runs as {@code COPY (...) TO STDOUT} in CSV, so the database formats the
 * rows and the engine only passes each row's line on (the cursor path spent most of its time turning values into
 * objects and back into text). PostgreSQL sends one message per row, so each read is one CSV line. The state
 * saved with a chunk is the count of lines read; a restart runs the query again and skips that many.
 * <p>
 * Cells read as the engine's other export path writes them ({@link CopyLines}): numbers without trailing zeros, and
 * an empty string like a null (an empty cell); other types in PostgreSQL's text form.
 */
public final class PostgresCopyExport extends AbstractItemCountingItemStreamItemReader<String> {

    private final DataSource dataSource;
    private final ExportQuery query;
    private Connection connection;
    private CopyOut copy;
    private CopyLines lines;

    public PostgresCopyExport(DataSource dataSource, ExportQuery query, String name) {
        this.dataSource = dataSource;
        this.query = query;
        setName(name);
    }

    @Override
    protected void doOpen() throws SQLException {
        connection = dataSource.getConnection();
        String rows = inlined(connection, query);
        lines = new CopyLines(cells(connection, rows, query.columns()));
        copy = connection.unwrap(PGConnection.class).getCopyAPI().copyOut(copySql(rows, query.columns()));
    }

    @Override
    protected String doRead() throws SQLException {
        byte[] row = copy.readFromCopy();
        if (row == null) {
            return null;
        }
        return lines.line(row, row.length > 0 && row[row.length - 1] == '\n' ? row.length - 1 : row.length);
    }

    @Override
    protected void doClose() throws SQLException {
        try {
            // Read to the end rather than cancel: a cancel request races with the connection's next statement
            // once the connection is back in the pool.
            while (copy != null && copy.isActive() && copy.readFromCopy() != null) {
                // discarded
            }
        } finally {
            copy = null;
            if (connection != null) {
                connection.close();
                connection = null;
            }
        }
    }

    /** The COPY of {@code rows} (the plugin's query, its arguments as literals), its columns in the plugin's order. */
    private static String copySql(String rows, List<String> columns) {
        String cells = String.join(", ", columns.stream().map(c -> "export." + identifier(c)).toList());
        return "COPY (SELECT " + cells + " FROM (" + rows + ") AS export) TO STDOUT WITH (FORMAT csv)";
    }

    /** What each column's cells need, from the types of {@code rows}' columns. */
    private static CopyLines.Cell[] cells(Connection connection, String rows, List<String> columns) throws SQLException {
        Map<String, Integer> types = new HashMap<>();
        try (Statement describe = connection.createStatement();
             ResultSet none = describe.executeQuery("SELECT * FROM (" + rows + ") AS export LIMIT 0")) {
            ResultSetMetaData meta = none.getMetaData();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                types.put(meta.getColumnLabel(i), meta.getColumnType(i));
            }
        }
        CopyLines.Cell[] cells = new CopyLines.Cell[columns.size()];
        for (int i = 0; i < cells.length; i++) {
            Integer type = types.get(columns.get(i));
            if (type == null) {
                throw new SQLException("the export query has no column " + columns.get(i));
            }
            cells[i] = switch (type) {
                case Types.NUMERIC, Types.DECIMAL -> CopyLines.Cell.NUMBER;
                case Types.CHAR -> CopyLines.Cell.PADDED;
                case Types.VARCHAR, Types.LONGVARCHAR -> CopyLines.Cell.TEXT;
                default -> CopyLines.Cell.AS_IS;
            };
        }
        return cells;
    }

    /** The plugin's query with its arguments as literals: COPY takes no parameters. */
    private static String inlined(Connection connection, ExportQuery query) throws SQLException {
        boolean standardStrings = connection.unwrap(BaseConnection.class).getStandardConformingStrings();
        return withLiterals(query.sql(), query.args(), standardStrings);
    }

    /** Each {@code ?} outside quotes replaced by its argument as an SQL literal. */
    static String withLiterals(String sql, List<Object> args, boolean standardStrings) throws SQLException {
        StringBuilder out = new StringBuilder(sql.length() + 32 * args.size());
        int next = 0;
        char quote = 0;
        for (int i = 0; i < sql.length(); i++) {
            char c = sql.charAt(i);
            if (quote != 0) {
                quote = c == quote ? 0 : quote;
                out.append(c);
            } else if (c == '\'' || c == '"') {
                quote = c;
                out.append(c);
            } else if (c == '?') {
                if (next == args.size()) {
                    throw new SQLException("the export query has more parameters than arguments");
                }
                literal(out, args.get(next++), standardStrings);
            } else {
                out.append(c);
            }
        }
        if (next != args.size()) {
            throw new SQLException("the export query has fewer parameters than arguments");
        }
        return out.toString();
    }

    private static void literal(StringBuilder out, Object value, boolean standardStrings) throws SQLException {
        if (value == null) {
            out.append("NULL");
        } else if (value instanceof Number || value instanceof Boolean) {
            out.append(value instanceof BigDecimal d ? d.toPlainString() : value.toString());
        } else {
            out.append('\'');
            Utils.escapeLiteral(out, value.toString(), standardStrings);
            out.append('\'');
        }
    }

    private static String identifier(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }
}
