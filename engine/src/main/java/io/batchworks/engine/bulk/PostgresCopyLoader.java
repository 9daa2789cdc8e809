package io.batchworks.engine.bulk;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;

import javax.sql.DataSource;

import io.batchworks.plugin.TableLoader;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.springframework.jdbc.datasource.DataSourceUtils;

/**
 * PostgreSQL's bulk path: {@code COPY ... FROM STDIN} in text format, on the transaction's connection. Rows are
 * encoded straight into a byte buffer (no string per line): at millions of rows this formatting is the engine's
 * share of a bulk load.
 */
public final class PostgresCopyLoader implements TableLoader {

    // Small enough that the server inserts while the next rows are being encoded.
    private static final int FLUSH_BYTES = 128 * 1024;
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
                Buffer buffer = new Buffer(FLUSH_BYTES + 64 * 1024);
                for (Object[] row : rows) {
                    for (int i = 0; i < row.length; i++) {
                        if (i > 0) {
                            buffer.put((byte) '\t');
                        }
                        buffer.value(row[i]);
                    }
                    buffer.put((byte) '\n');
                    if (buffer.size >= FLUSH_BYTES) {
                        copy.writeToCopy(buffer.bytes, 0, buffer.size);
                        buffer.size = 0;
                    }
                }
                copy.writeToCopy(buffer.bytes, 0, buffer.size);
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

    /** COPY's text format: \N for null; backslash, tab, newline and carriage return escaped; UTF-8. */
    private static final class Buffer {
        byte[] bytes;
        int size;

        Buffer(int capacity) {
            bytes = new byte[capacity];
        }

        void put(byte b) {
            if (size == bytes.length) {
                bytes = Arrays.copyOf(bytes, bytes.length * 2);
            }
            bytes[size++] = b;
        }

        void value(Object value) {
            if (value == null) {
                put((byte) '\\');
                put((byte) 'N');
            } else if (value instanceof Integer || value instanceof Long) {
                ascii(value.toString());
            } else if (value instanceof BigDecimal d) {
                ascii(d.toPlainString());
            } else {
                text(value.toString());
            }
        }

        private void ascii(String s) {
            for (int i = 0; i < s.length(); i++) {
                put((byte) s.charAt(i));
            }
        }

        private void text(String s) {
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c >= 0x80) {
                    escaped(s.substring(i));
                    return;
                }
                escape(c);
            }
        }

        private void escape(char c) {
            switch (c) {
                case '\\' -> { put((byte) '\\'); put((byte) '\\'); }
                case '\t' -> { put((byte) '\\'); put((byte) 't'); }
                case '\n' -> { put((byte) '\\'); put((byte) 'n'); }
                case '\r' -> { put((byte) '\\'); put((byte) 'r'); }
                default -> put((byte) c);
            }
        }

        /** The rest of a string with non-ASCII characters: escape, then encode as UTF-8. */
        private void escaped(String rest) {
            String safe = rest.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r");
            for (byte b : safe.getBytes(StandardCharsets.UTF_8)) {
                put(b);
            }
        }
    }
}
