package io.batchworks.engine;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Files kept as they arrived, gzip or plain, told apart by gzip's magic bytes ({@code 1f 8b}) and read plain: a task's
 * {@code in.csv} uploaded compressed stays compressed on disk and in the database, and every reader of it goes through
 * here.
 */
public final class Gzip {

    private static final int BUFFER = 1 << 16;

    private Gzip() {
    }

    /** The file's bytes, decompressed when it is gzip. */
    public static InputStream plain(Path file) throws IOException {
        return plain(Files.newInputStream(file));
    }

    /** The stream's bytes, decompressed when they begin as gzip's do. */
    public static InputStream plain(InputStream in) throws IOException {
        BufferedInputStream buffered = in instanceof BufferedInputStream b ? b : new BufferedInputStream(in, BUFFER);
        return begins(buffered) ? new GZIPInputStream(buffered, BUFFER) : buffered;
    }

    /** Whether a stream that supports {@code mark} begins with gzip's magic bytes; it is left where it was. */
    public static boolean begins(InputStream markable) throws IOException {
        markable.mark(2);
        try {
            return markable.read() == 0x1f && markable.read() == 0x8b;
        } finally {
            markable.reset();
        }
    }

    /** Whether the file is gzip. */
    public static boolean is(Path file) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 2)) {
            return begins(in);
        }
    }
}
