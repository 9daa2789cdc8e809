package io.batchworks.client;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.function.LongConsumer;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The engine's public API as {@code bw} uses it: Kazoo envelopes in and out, the token in {@code X-Auth-Token}, files
 * streamed both ways. An error reply becomes a {@link ClientError} with the API's message.
 *
 * <p>It speaks through the JDK's {@link HttpURLConnection}: one blocking exchange on the calling thread, nothing to
 * start and nothing left running, so a short command ends as soon as its answer is read. (The JDK's
 * {@code java.net.http.HttpClient} loads the platform's trust store when it is built and keeps a selector thread in
 * native code, which the JVM waits for at exit: together more than half a second of every command.)
 * {@code HttpURLConnection} has no {@code PATCH}: it is sent as Kazoo's verb tunnel, {@code POST ...?verb=PATCH}.
 */
final class ApiClient {

    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int CONNECT_TIMEOUT = (int) Duration.ofSeconds(10).toMillis();
    private static final int READ_TIMEOUT = (int) Duration.ofMinutes(10).toMillis();
    private static final int BUFFER = 1 << 16;

    private final String base;
    private final String token;
    private final String idempotencyKey;

    ApiClient(String base, String token) {
        this(base, token, null);
    }

    private ApiClient(String base, String token, String idempotencyKey) {
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.token = token;
        this.idempotencyKey = idempotencyKey;
    }

    /** This client sending {@code Idempotency-Key: key} with its {@code PUT}s and {@code POST}s. */
    ApiClient withIdempotencyKey(String key) {
        return new ApiClient(base, token, key);
    }

    /** The engine's URL, without a trailing slash. */
    String base() {
        return base;
    }

    JsonNode get(String path) {
        return send("GET", path);
    }

    JsonNode patch(String path) {
        return send("POST", tunnelled(path));
    }

    JsonNode delete(String path) {
        return send("DELETE", path);
    }

    JsonNode put(String path) {
        return send("PUT", path);
    }

    /** A request with a JSON body, e.g. a Kazoo {@code {"data": ...}} document. */
    JsonNode sendJson(String method, String path, JsonNode body) {
        try {
            boolean patch = method.equals("PATCH");
            HttpURLConnection connection = open(patch ? "POST" : method, patch ? tunnelled(path) : path);
            connection.setRequestProperty("Accept", "application/json");
            connection.setRequestProperty("Content-Type", "application/json");
            connection.setDoOutput(true);
            try (OutputStream out = connection.getOutputStream()) {
                out.write(JSON.writeValueAsBytes(body));
            }
            return json(connection);
        } catch (ConnectException e) {
            throw unreachable();
        } catch (IOException e) {
            throw new ClientError(method + " " + base + path + " failed: " + e.getMessage());
        }
    }

    /** A {@code POST} of CSV answered as CSV: the answer's text (a bounded batch, read whole). */
    String postCsv(String path, String csv) {
        try {
            HttpURLConnection connection = open("POST", path);
            connection.setRequestProperty("Accept", "text/csv");
            connection.setRequestProperty("Content-Type", "text/csv; charset=utf-8");
            connection.setDoOutput(true);
            try (OutputStream out = connection.getOutputStream()) {
                out.write(csv.getBytes(StandardCharsets.UTF_8));
            }
            int status = status(connection);
            String body = body(connection);
            if (status >= 400) {
                throw failure(status, body);
            }
            return body;
        } catch (ConnectException e) {
            throw unreachable();
        } catch (IOException e) {
            throw new ClientError("POST " + base + path + " failed: " + e.getMessage());
        }
    }

    /**
     * {@code PUT} with a file as the body, streamed and compressed as it goes ({@code Content-Encoding: gzip}; a file
     * that is gzip already is sent as it is), reporting the file's bytes sent as they go.
     */
    JsonNode putFile(String path, String contentType, Path file, LongConsumer sent) throws IOException {
        HttpURLConnection connection = open("PUT", path);
        connection.setRequestProperty("Accept", "application/json");
        connection.setRequestProperty("Content-Type", contentType);
        connection.setDoOutput(true);
        boolean gzip = isGzip(file);
        if (gzip) {
            connection.setFixedLengthStreamingMode(Files.size(file));
        } else {
            connection.setRequestProperty("Content-Encoding", "gzip");
            connection.setChunkedStreamingMode(BUFFER);
        }
        try (InputStream in = counting(file, sent); OutputStream out = connection.getOutputStream()) {
            if (gzip) {
                in.transferTo(out);
            } else {
                GZIPOutputStream compressed = new GZIPOutputStream(out, BUFFER);
                in.transferTo(compressed);
                compressed.finish();
            }
        } catch (ConnectException e) {
            throw unreachable();
        } catch (IOException cut) {
            // the engine may refuse an upload before its end (too big, no room) and close: its answer says why
            try {
                return json(connection);
            } catch (IOException unanswered) {
                cut.addSuppressed(unanswered);
                throw cut;
            }
        }
        return json(connection);
    }

    /** Streams a {@code GET} into {@code target}, asked for as gzip and written plain; returns the bytes written. */
    long download(String path, String accept, Path target) throws IOException {
        HttpURLConnection connection = open("GET", path);
        connection.setRequestProperty("Accept", accept);
        connection.setRequestProperty("Accept-Encoding", "gzip");
        int status = status(connection);
        if (status >= 400) {
            throw failure(status, body(connection));
        }
        boolean gzip = "gzip".equalsIgnoreCase(connection.getContentEncoding());
        try (InputStream body = gzip ? new GZIPInputStream(connection.getInputStream(), BUFFER) : connection.getInputStream()) {
            Path tmp = target.resolveSibling(target.getFileName() + ".part");
            long bytes = Files.copy(body, tmp, StandardCopyOption.REPLACE_EXISTING);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            return bytes;
        }
    }

    /** A {@code PATCH} as Kazoo's verb tunnel sends it. */
    private static String tunnelled(String path) {
        return path + (path.indexOf('?') < 0 ? "?" : "&") + "verb=PATCH";
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private HttpURLConnection open(String method, String path) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) URI.create(base + path).toURL().openConnection();
        connection.setRequestMethod(method);
        connection.setConnectTimeout(CONNECT_TIMEOUT);
        connection.setReadTimeout(READ_TIMEOUT);
        connection.setUseCaches(false);
        if (token != null) {
            connection.setRequestProperty("X-Auth-Token", token);
        }
        if (idempotencyKey != null && (method.equals("PUT") || method.equals("POST"))) {
            connection.setRequestProperty("Idempotency-Key", idempotencyKey);
        }
        return connection;
    }

    private JsonNode send(String method, String path) {
        try {
            HttpURLConnection connection = open(method, path);
            connection.setRequestProperty("Accept", "application/json");
            return json(connection);
        } catch (IOException e) {
            throw new ClientError(method + " " + base + path + " failed: " + e.getMessage());
        }
    }

    private JsonNode json(HttpURLConnection connection) throws IOException {
        int status = status(connection);
        String body = body(connection);
        if (status >= 400) {
            throw failure(status, body);
        }
        try {
            return JSON.readTree(body);
        } catch (JacksonException e) {
            throw new ClientError("the engine's reply is not JSON (HTTP " + status + ")");
        }
    }

    private int status(HttpURLConnection connection) throws IOException {
        try {
            return connection.getResponseCode();
        } catch (ConnectException e) {
            throw unreachable();
        }
    }

    private ClientError unreachable() {
        return new ClientError("cannot reach " + base + ": is the engine running?");
    }

    /** The reply's body, an error's too, read whole: these are small JSON replies. */
    private static String body(HttpURLConnection connection) throws IOException {
        InputStream stream = connection.getResponseCode() >= 400 ? connection.getErrorStream() : connection.getInputStream();
        if (stream == null) {
            return "";
        }
        try (InputStream in = stream) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The API's own words for an error: its message, and the field or value it names. */
    private static ClientError failure(int status, String body) {
        try {
            JsonNode reply = JSON.readTree(body);
            StringBuilder message = new StringBuilder(reply.path("message").asString("HTTP " + status));
            JsonNode data = reply.path("data");
            if (data.isObject()) {
                data.properties().forEach(e -> {
                    if (!e.getKey().equals("message")) {
                        message.append("; ").append(e.getKey()).append(": ").append(e.getValue());
                    }
                });
            }
            return new ClientError(message + " (HTTP " + status + ")");
        } catch (JacksonException e) {
            return new ClientError("HTTP " + status);
        }
    }

    private static boolean isGzip(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.read() == 0x1f && in.read() == 0x8b;
        }
    }

    private static InputStream counting(Path file, LongConsumer sent) {
        try {
            return new FilterInputStream(Files.newInputStream(file)) {
                private long total;

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    int n = super.read(b, off, len);
                    if (n > 0) {
                        total += n;
                        sent.accept(total);
                    }
                    return n;
                }
            };
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
