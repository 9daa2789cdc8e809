package io.batchworks.engine.bulk;

import java.nio.charset.StandardCharsets;

/**
 * The lines of a {@code COPY ... TO STDOUT WITH (FORMAT csv)} turned into the engine's export cells: a number without
 * its trailing zeros ({@code 0.010000} becomes {@code 0.01}, {@code 2.000000} becomes {@code 2}), and a text's empty
 * string ({@code ""}), or a fixed-width text's blanks, an empty cell like a null. That is what {@code trim_scale} and
 * {@code NULLIF} in the query would do, done on the engine's side instead: per row, the database is the export's busy
 * side, while the thread that reads its lines mostly waits for them.
 * <p>
 * PostgreSQL quotes a CSV cell only when it must (a comma, a quote, a line break, an empty string), doubles the quotes
 * inside, and writes a number bare, in plain notation; a line here is one row without its line feed.
 */
final class CopyLines {

    /** What is done to a column's cells. */
    enum Cell {
        AS_IS,
        /** Plain notation, its trailing zeros dropped. */
        NUMBER,
        /** The empty string an empty cell. */
        TEXT,
        /** A fixed-width text ({@code CHAR(n)}): all blanks, as its empty string is stored, an empty cell. */
        PADDED
    }

    private final Cell[] cells;
    private byte[] out = new byte[512];

    CopyLines(Cell[] cells) {
        this.cells = cells.clone();
    }

    /** The row's line (its bytes up to {@code length}) with its cells formatted. */
    String line(byte[] row, int length) {
        if (out.length < length) {
            out = new byte[Math.max(length, 2 * out.length)];
        }
        int n = 0;
        int i = 0;
        for (int column = 0; ; column++) {
            int start = i;
            if (i < length && row[i] == '"') {
                i++;
                while (i < length) {
                    if (row[i] != '"') {
                        i++;
                    } else if (i + 1 < length && row[i + 1] == '"') {
                        i += 2; // a quote inside the cell
                    } else {
                        i++; // the closing quote
                        break;
                    }
                }
            } else {
                while (i < length && row[i] != ',') {
                    i++;
                }
            }
            int end = i;
            Cell cell = column < cells.length ? cells[column] : Cell.AS_IS;
            if ((cell == Cell.TEXT || cell == Cell.PADDED) && end - start == 2 && row[start] == '"') {
                end = start; // "" : the empty string
            } else if (cell == Cell.PADDED && blank(row, start, end)) {
                end = start;
            } else if (cell == Cell.NUMBER) {
                end = withoutTrailingZeros(row, start, end);
            }
            System.arraycopy(row, start, out, n, end - start);
            n += end - start;
            if (i >= length) {
                return new String(out, 0, n, StandardCharsets.UTF_8);
            }
            out[n++] = ',';
            i++;
        }
    }

    private static boolean blank(byte[] row, int start, int end) {
        for (int i = start; i < end; i++) {
            if (row[i] != ' ') {
                return false;
            }
        }
        return true;
    }

    private static int withoutTrailingZeros(byte[] row, int start, int end) {
        int point = end - 1;
        while (point >= start && row[point] != '.') {
            point--;
        }
        if (point < start) {
            return end; // an integer, NaN or Infinity
        }
        while (end - 1 > point && row[end - 1] == '0') {
            end--;
        }
        return end - 1 == point ? point : end;
    }
}
