package io.batchworks.engine.csv;

import java.io.IOException;
import java.io.Reader;
import java.util.concurrent.ConcurrentSkipListSet;

/**
 * Passes a CSV file's text on with each physical line cut at {@code max} characters: the rest of the record on a
 * longer line is dropped (a quoted cell it leaves open is closed first, and the lines of a quoted cell that goes on
 * are passed as empty lines, so line numbers stay true), and the line's number is kept, so that the record is
 * rejected as one row instead of being read whole into memory, however long it is.
 */
final class LongLines extends Reader {

    private final Reader in;
    private final int max;
    private final char[] buffer = new char[8192];
    /** Lines cut and not yet asked about: the parser reads ahead of the records it has handed out. */
    private final ConcurrentSkipListSet<Long> cut = new ConcurrentSkipListSet<>();
    private long line = 1;
    private int column;
    /** Inside a quoted cell of the input (whether passed on or dropped). */
    private boolean quoted;
    /** Dropping the rest of a cut record. */
    private boolean dropping;

    LongLines(Reader in, int max) {
        this.in = in;
        this.max = max;
    }

    /** Whether any line from {@code first} to {@code last} was cut; forgets the lines up to {@code last}. */
    boolean cutBetween(long first, long last) {
        boolean any = !cut.subSet(first, true, last, true).isEmpty();
        cut.headSet(last, true).clear();
        return any;
    }

    @Override
    public int read(char[] out, int off, int len) throws IOException {
        int written = 0;
        while (written == 0) {
            int n = in.read(buffer, 0, Math.min(buffer.length, len));
            if (n < 0) {
                return -1;
            }
            for (int i = 0; i < n; i++) {
                char c = buffer[i];
                boolean inCell = quoted;
                if (c == '"') {
                    quoted = !quoted;
                }
                if (c == '\n') {
                    line++;
                    column = 0;
                    dropping &= quoted; // a cut record ends at its first newline outside quotes
                    out[off + written++] = c;
                } else if (!dropping) {
                    if (++column > max) {
                        cut.add(line);
                        dropping = true;
                        if (inCell) {
                            out[off + written++] = '"'; // in place of the dropped character: the cell is closed
                        }
                    } else {
                        out[off + written++] = c;
                    }
                }
            }
        }
        return written;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
