package io.batchworks.engine.tasks;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

import jakarta.servlet.http.HttpServletRequest;

import io.batchworks.engine.EngineSettings;
import io.batchworks.engine.csv.Csv;
import io.batchworks.engine.Gzip;
import io.batchworks.engine.csv.JsonRecords;
import io.batchworks.plugin.ApiException;
import io.batchworks.plugin.TaskType;

import org.springframework.stereotype.Component;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A task's input as a create receives it, made into its {@code in.csv} and checked: a CSV body (plain, or gzip, by
 * {@code Content-Encoding} or by its first bytes), JSON lines ({@code application/x-ndjson}), a JSON body with its
 * {@code records}, or the body of {@code input_url} fetched ({@link InputFetch}). A gzip CSV is kept as it came and
 * checked as it streams in: its decompressed size is capped by {@code batchworks.max-upload-size} and by
 * {@code batchworks.inputs.max-expansion} times its compressed size, past either a 413 before the rest is read.
 */
@Component
public class TaskInputs {

    /** The query parameter naming a URL to fetch the input from. */
    public static final String URL = InputFetch.PARAM;
    private static final int BUFFER = 1 << 16;
    /** The compressed bytes below which the expansion is measured as if there were this many (a small file may shrink more). */
    private static final long EXPANSION_FLOOR = 1 << 16;

    private final TaskFiles files;
    private final InputFetch fetch;
    private final JsonMapper json;
    private final long maxPlain;
    private final int maxExpansion;

    TaskInputs(TaskFiles files, InputFetch fetch, JsonMapper json, EngineSettings settings) {
        this.files = files;
        this.fetch = fetch;
        this.json = json;
        this.maxPlain = settings.maxUploadSize().toBytes();
        this.maxExpansion = settings.inputs().maxExpansion();
    }

    /** The input received: the name the user gave it, its rows (null for a type that takes none), parameters from a JSON body. */
    record Input(String fileName, Long rows, Map<String, String> params) {
    }

    /** Receives the request's input into {@code dir}'s {@code in.csv} and checks it. */
    Input receive(TaskType type, HttpServletRequest request, Path dir, String url) throws IOException {
        Path in = dir.resolve(TaskFiles.IN);
        String fileName = request.getParameter("file_name");
        Map<String, String> params = new LinkedHashMap<>();
        if (url != null && type.expectedContent() == null) {
            throw ApiException.badRequest(InputFetch.PARAM, "this task takes no input");
        }
        if (url != null) {
            long rows = fetched(url, in, type).rows(); // the URL checked first: the name is read from it after
            return new Input(fileName == null ? InputFetch.fileName(url) : fileName, rows, params);
        }
        if (contentType(request).startsWith("application/json")) {
            JsonNode data = json.readTree(request.getInputStream()).path("data");
            JsonNode records = data.path("records");
            data.properties().forEach(e -> {
                if (e.getValue().isValueNode() && !e.getKey().equals("file_name")) {
                    params.put(e.getKey(), e.getValue().asString());
                }
            });
            if (data.hasNonNull("file_name")) {
                fileName = data.get("file_name").asString();
            }
            if (records.isArray() && !records.isEmpty()) {
                JsonRecords.fromList(records, in);
            }
            if (type.expectedContent() == null) {
                Files.deleteIfExists(in);
                return new Input(fileName, null, params);
            }
            return new Input(fileName, checked(null, in, type).rows(), params);
        }
        if (type.expectedContent() == null) {
            return new Input(fileName, null, params);
        }
        return new Input(fileName, body(request, in, type).rows(), params);
    }

    /** Receives the request's body into {@code file} (CSV, plain or gzip, or JSON lines) and checks it as {@code type}'s input. */
    public Csv.Shape body(HttpServletRequest request, Path file, TaskType type) throws IOException {
        boolean gzip = "gzip".equalsIgnoreCase(request.getHeader("Content-Encoding"));
        return checked(store(request.getInputStream(), gzip, contentType(request), file, type), file, type);
    }

    /** Whether {@code input_url} may be fetched: 400 naming it (and the setting) when not. */
    public void checkUrl(String url) {
        fetch.check(url);
    }

    /** Fetches {@code url} into {@code file} and checks it as {@code type}'s input, e.g. for a schedule's fire. */
    public Csv.Shape fetched(String url, Path file, TaskType type) throws IOException {
        try (InputFetch.Fetched fetched = fetch.open(url)) {
            return checked(store(fetched.body(), fetched.gzip(), fetched.contentType(), file, type), file, type);
        }
    }

    /** The request's media type as declared, in lower case; empty when it declares none. */
    private static String contentType(HttpServletRequest request) {
        return request.getContentType() == null ? "" : request.getContentType().toLowerCase(Locale.ROOT);
    }

    /** The shape of an input checked as it streamed in; else the input's, checked now. 400 for no input. */
    private Csv.Shape checked(Csv.Shape streamed, Path file, TaskType type) throws IOException {
        if (!Files.exists(file) || Files.size(file) == 0) {
            throw new ApiException(400, "invalid request", Map.of("expected_content",
                    Map.of("message", "this task needs " + type.expectedContent() + " input")));
        }
        return streamed != null ? streamed : Csv.check(file, type.mandatory(), files.maxLine());
    }

    /** Stores a body as {@code file}: the shape of a gzip CSV, checked as it streamed; else null, to check after. */
    private Csv.Shape store(InputStream body, boolean gzip, String contentType, Path file, TaskType type) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(body, BUFFER);
        boolean compressed = gzip || Gzip.begins(buffered);
        try {
            if (contentType.startsWith("application/x-ndjson")) {
                try (Kept none = new Kept(buffered, OutputStream.nullOutputStream())) {
                    JsonRecords.fromLines(compressed ? new Expansion(none, maxPlain, maxExpansion) : buffered, file);
                }
                return null;
            }
            if (!compressed) {
                Files.copy(buffered, file, StandardCopyOption.REPLACE_EXISTING);
                return null;
            }
            try (Kept kept = new Kept(buffered, Files.newOutputStream(file))) {
                Csv.Shape shape = Csv.check(new Expansion(kept, maxPlain, maxExpansion), type.mandatory(), files.maxLine());
                kept.rest();
                return shape;
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /**
     * A body read through, each byte also written to where it is kept, and counted; closing it leaves the body open
     * (the web server's) and closes where it is kept.
     */
    private static final class Kept extends FilterInputStream {
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
    private static final class Expansion extends InputStream {
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
