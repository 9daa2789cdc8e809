package io.batchworks.engine.tasks;

import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

import io.batchworks.plugin.ApiException;

/** The streams an upload is read through as it is stored and checked ({@link TaskInputs}). */
final class UploadStreams {

    static final int BUFFER = 1 << 16;
    /** The compressed bytes below which the expansion is measured as if there were this many (a small file may shrink more). */
    static final long EXPANSION_FLOOR = 1 << 16;

    private UploadStreams() {
    }

    /**
     * A body read through, each byte also written to where it is kept, and counted; closing it leaves the body open
     * (the web server's) and closes where it is kept.
     */
    static final class Kept extends FilterInputStream {
        private final OutputStream kept;
        private long count;

        Kept(InputStream body, OutputStream kept) {
            super(body);
            this.kept = kept;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                kept.write(b);
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                kept.write(b, off, n);
                count += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            return read(new byte[(int) Math.min(n, BUFFER)]);
        }

        /** This stream for a reader that closes what it reads: its close leaves the kept file open. */
        InputStream unclosed() {
            return new FilterInputStream(this) {
                @Override
                public void close() {
                    // the file is closed by the Kept's owner
                }
            };
        }

        /** Keeps what is left of the body after what was read (e.g. past gzip's trailer). */
        void rest() throws IOException {
            byte[] buffer = new byte[BUFFER];
            while (read(buffer, 0, buffer.length) >= 0) {
                // kept as it is read
            }
        }

        @Override
        public void close() throws IOException {
            kept.close();
        }
    }

    /**
     * A gzip body decompressed, within its caps: 413 once it has given more than {@code maxPlain} bytes, or more than
     * {@code maxExpansion} times the compressed bytes read. A body that is not gzip, or ends before gzip's end, is a
     * 400. Other faults pass unchecked, so that they cross the CSV parser unchanged.
     */
    static final class Expansion extends InputStream {
        private final Kept compressed;
        private final GZIPInputStream plain;
        private final long maxPlain;
        private final int maxExpansion;
        private long given;

        Expansion(Kept compressed, long maxPlain, int maxExpansion) {
            this.compressed = compressed;
            this.maxPlain = maxPlain;
            this.maxExpansion = maxExpansion;
            try {
                this.plain = new GZIPInputStream(compressed, BUFFER);
            } catch (IOException e) {
                throw fault(e);
            }
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            int n;
            try {
                n = plain.read(b, off, len);
            } catch (IOException e) {
                throw fault(e);
            }
            given += Math.max(n, 0);
            if (given > maxPlain) {
                throw new ApiException(413, "request entity too large", Map.of("max_bytes", maxPlain,
                        "setting", "batchworks.max-upload-size", "message", "the input decompresses to more than " + maxPlain + " bytes"));
            }
            if (given > maxExpansion * Math.max(compressed.count, EXPANSION_FLOOR)) {
                throw new ApiException(413, "request entity too large", Map.of("max_expansion", maxExpansion,
                        "setting", "batchworks.inputs.max-expansion", "message",
                        "the input decompresses to more than " + maxExpansion + " times its compressed size"));
            }
            return n;
        }

        @Override
        public void close() {
            // the compressed body is closed by its owner
        }

        private static RuntimeException fault(IOException e) {
            if (e instanceof ZipException || e instanceof EOFException) {
                return new ApiException(400, "invalid request", Map.of("content_encoding", Map.of("message",
                        "the body is not whole gzip: " + e.getMessage())));
            }
            return new UncheckedIOException(e);
        }
    }
}
