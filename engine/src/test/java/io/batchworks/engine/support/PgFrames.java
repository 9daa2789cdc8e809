package io.batchworks.engine.support;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * The messages a PostgreSQL client sends, read one at a time with their framing: the untyped ones of the start
 * (an SSL or GSS request, the startup message), then typed ones. Only what a proxy needs to spot a transaction's end.
 */
final class PgFrames {

    private static final int SSL_REQUEST = 80877103;
    private static final int GSS_REQUEST = 80877104;

    private final DataInputStream in;
    private boolean started;

    PgFrames(InputStream in) {
        this.in = new DataInputStream(in);
    }

    /** One whole message as sent, or null at the end of the stream. */
    Frame next() throws IOException {
        int type;
        if (started) {
            type = in.read();
            if (type < 0) {
                return null;
            }
        } else {
            type = -1;
        }
        int length;
        try {
            length = in.readInt();
        } catch (EOFException end) {
            return null;
        }
        byte[] body = new byte[length - 4];
        in.readFully(body);
        if (!started) {
            int code = body.length >= 4 ? (body[0] & 0xff) << 24 | (body[1] & 0xff) << 16 | (body[2] & 0xff) << 8 | body[3] & 0xff : 0;
            started = code != SSL_REQUEST && code != GSS_REQUEST; // the startup message: typed messages follow
        }
        return new Frame(type, length, body);
    }

    /** A message: its type byte (-1 for the untyped ones of the start), its length field and what follows it. */
    record Frame(int type, int length, byte[] body) {

        /** The SQL of a simple query ('Q') or of a statement parsed for the extended protocol ('P'), else null. */
        String sql() {
            return type == 'Q' ? text(0) : type == 'P' ? text(1) : null;
        }

        /**
         * The name of the prepared statement that a Parse ('P') names or a Bind ('B') executes ("" for the unnamed
         * one), else null. A driver parses a statement it reuses once, under a name, and then only binds it.
         */
        String statement() {
            return type == 'P' ? text(0) : type == 'B' ? text(1) : null;
        }

        /** The {@code n}th zero-terminated string of the body. */
        private String text(int n) {
            int from = 0;
            for (int i = 0; i < n; i++) {
                from = indexOfZero(from) + 1;
            }
            int to = indexOfZero(from);
            return new String(body, Math.min(from, body.length), Math.max(0, to - from), StandardCharsets.UTF_8);
        }

        /** The bytes as they travel. */
        byte[] wire() {
            int head = type < 0 ? 4 : 5;
            byte[] out = new byte[head + body.length];
            if (type >= 0) {
                out[0] = (byte) type;
            }
            int at = head - 4;
            out[at] = (byte) (length >>> 24);
            out[at + 1] = (byte) (length >>> 16);
            out[at + 2] = (byte) (length >>> 8);
            out[at + 3] = (byte) length;
            System.arraycopy(body, 0, out, head, body.length);
            return out;
        }

        private int indexOfZero(int from) {
            for (int i = from; i < body.length; i++) {
                if (body[i] == 0) {
                    return i;
                }
            }
            return body.length;
        }
    }
}
