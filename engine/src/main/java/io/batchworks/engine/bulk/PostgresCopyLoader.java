package io.batchworks.engine.bulk;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;

import javax.sql.DataSource;

import io.batchworks.plugin.data.TableLoader;

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
    static final class Buffer {
        byte[] bytes;
        int size;
        private final byte[] scratch = new byte[24];

        Buffer(int capacity) {
            bytes = new byte[capacity];
        }

        String text() {
            return new String(bytes, 0, size, StandardCharsets.UTF_8);
        }

        /** Makes room for {@code n} more bytes, so the writes after it need no check of their own. */
        private void ensure(int n) {
            if (size + n > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + n));
            }
        }

        void put(byte b) {
            ensure(1);
            bytes[size++] = b;
        }

        void value(Object value) {
            if (value == null) {
                ensure(2);
                bytes[size++] = '\\';
                bytes[size++] = 'N';
            } else if (value instanceof Integer i) {
                digits(i, 0);
            } else if (value instanceof Long l && l != Long.MIN_VALUE) {
                digits(l, 0);
            } else if (value instanceof BigDecimal d) {
                decimal(d);
            } else {
                text(value.toString());
            }
        }

        /** Formatted by hand: {@code BigDecimal.toPlainString} was the largest single cost of encoding a rate. */
        private void decimal(BigDecimal d) {
            if (d.scale() < 0 || d.scale() > 18 || d.precision() > 18) {
                text(d.toPlainString());
                return;
            }
            // longValueExact, unlike longValue, reads a small unscaled value without making a BigInteger
            digits(d.movePointRight(d.scale()).longValueExact(), d.scale());
        }

        /** {@code unscaled × 10^-scale} in plain notation, e.g. (2483, 4) as {@code 0.2483}. */
        private void digits(long unscaled, int scale) {
            ensure(42);
            if (unscaled < 0) {
                bytes[size++] = '-';
                unscaled = -unscaled; // |unscaled| < 10^18 or an int: no overflow
            }
            // right to left into the scratch space, then copied: one division per digit
            int pos = scratch.length;
            int written = 0;
            do {
                if (written == scale && scale > 0) {
                    scratch[--pos] = '.';
                }
                scratch[--pos] = (byte) ('0' + unscaled % 10);
                unscaled /= 10;
                written++;
            } while (unscaled != 0 || written <= scale);
            int length = scratch.length - pos;
            System.arraycopy(scratch, pos, bytes, size, length);
            size += length;
        }

        private void text(String s) {
            int length = s.length();
            ensure(2 * length);
            for (int i = 0; i < length; i++) {
                char c = s.charAt(i);
                if (c >= 0x80) {
                    escaped(s.substring(i));
                    return;
                }
                switch (c) {
                    case '\\' -> { bytes[size++] = '\\'; bytes[size++] = '\\'; }
                    case '\t' -> { bytes[size++] = '\\'; bytes[size++] = 't'; }
                    case '\n' -> { bytes[size++] = '\\'; bytes[size++] = 'n'; }
                    case '\r' -> { bytes[size++] = '\\'; bytes[size++] = 'r'; }
                    default -> bytes[size++] = (byte) c;
                }
            }
        }

        /** The rest of a string with non-ASCII characters: escape, then encode as UTF-8. */
        private void escaped(String rest) {
            String safe = rest.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r");
            byte[] utf8 = safe.getBytes(StandardCharsets.UTF_8);
            ensure(utf8.length);
            System.arraycopy(utf8, 0, bytes, size, utf8.length);
            size += utf8.length;
        }
    }
}
