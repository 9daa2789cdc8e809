package io.batchworks.engine.bulk;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

import javax.sql.DataSource;

import io.batchworks.plugin.TableLoader;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.springframework.jdbc.datasource.DataSourceUtils;

/** PostgreSQL's bulk path: {@code COPY ... FROM STDIN} in text format, on the transaction's connection. */
public final class PostgresCopyLoader implements TableLoader {

    private static final int FLUSH_BYTES = 1 << 20;
    private final DataSource dataSource;

    public PostgresCopyLoader(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public void load(String table, List<String> columns, List<Object[]> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try {
            CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI()
                    .copyIn("COPY " + table + " (" + String.join(", ", columns) + ") FROM STDIN");
            try {
                ByteArrayOutputStream buffer = new ByteArrayOutputStream(FLUSH_BYTES + 4096);
                StringBuilder line = new StringBuilder(256);
                for (Object[] row : rows) {
                    line.setLength(0);
                    for (int i = 0; i < row.length; i++) {
                        if (i > 0) {
                            line.append('\t');
                        }
                        appendText(line, row[i]);
                    }
                    line.append('\n');
                    byte[] bytes = line.toString().getBytes(StandardCharsets.UTF_8);
                    buffer.write(bytes, 0, bytes.length);
                    if (buffer.size() >= FLUSH_BYTES) {
                        copy.writeToCopy(buffer.toByteArray(), 0, buffer.size());
                        buffer.reset();
                    }
                }
                copy.writeToCopy(buffer.toByteArray(), 0, buffer.size());
                copy.endCopy();
            } finally {
                if (copy.isActive()) {
                    copy.cancelCopy();
                }
            }
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
    }

    /** COPY's text format: \N for null; backslash, tab, newline and carriage return escaped. */
    private static void appendText(StringBuilder out, Object value) {
        if (value == null) {
            out.append("\\N");
            return;
        }
        String text = value instanceof java.math.BigDecimal d ? d.toPlainString() : value.toString();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                default -> out.append(c);
            }
        }
    }
}
