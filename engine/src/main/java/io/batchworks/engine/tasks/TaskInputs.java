package io.batchworks.engine.tasks;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

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

    /**
     * Stores a body as {@code file}: the shape of a CSV (plain or gzip), checked as it streamed; null for JSON lines or
     * no body, to check after.
     */
    private Csv.Shape store(InputStream body, boolean gzip, String contentType, Path file, TaskType type) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(body, UploadStreams.BUFFER);
        boolean compressed = gzip || Gzip.begins(buffered);
        try {
            if (contentType.startsWith("application/x-ndjson")) {
                try (UploadStreams.Kept none = new UploadStreams.Kept(buffered, OutputStream.nullOutputStream())) {
                    JsonRecords.fromLines(compressed ? new UploadStreams.Expansion(none, maxPlain, maxExpansion) : buffered, file);
                }
                return null;
            }
            if (!compressed) {
                return plain(buffered, file, type);
            }
            try (UploadStreams.Kept kept = new UploadStreams.Kept(buffered, Files.newOutputStream(file))) {
                Csv.Shape shape = Csv.check(new UploadStreams.Expansion(kept, maxPlain, maxExpansion), type.mandatory(), files.maxLine());
                kept.rest();
                return shape;
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /**
     * A plain CSV body stored and checked in the same pass, so that the check runs while the body still arrives and
     * the file is read once; a malformed input is refused at its first bad line, as a gzip one is (the rest of the
     * body is not read: see {@code server.tomcat.max-swallow-size}). An empty body is stored as it is, for
     * {@link #checked} to refuse.
     */
    private Csv.Shape plain(BufferedInputStream body, Path file, TaskType type) throws IOException {
        try (UploadStreams.Kept kept = new UploadStreams.Kept(body, Files.newOutputStream(file))) {
            body.mark(1);
            if (body.read() < 0) {
                return null;
            }
            body.reset();
            return Csv.check(kept.unclosed(), type.mandatory(), files.maxLine());
        }
    }
}
