package io.batchworks.engine.client;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.function.LongConsumer;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The engine's public API as {@code bw} uses it: Kazoo envelopes in and out, the token in {@code X-Auth-Token}, files
 * streamed both ways. An error reply becomes a {@link ClientError} with the API's message.
 */
final class ApiClient {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private final String base;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    ApiClient(String base, String token) {
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.token = token;
    }

    /** The engine's URL, without a trailing slash. */
    String base() {
        return base;
    }

    JsonNode get(String path) {
        return send(request(path).GET());
    }

    JsonNode patch(String path) {
        return send(request(path).method("PATCH", HttpRequest.BodyPublishers.noBody()));
    }

    JsonNode delete(String path) {
        return send(request(path).DELETE());
    }

    /** {@code PUT} with a file as the body, reporting the bytes sent as they go. */
    JsonNode putFile(String path, String contentType, Path file, LongConsumer sent) throws IOException {
        long size = Files.size(file);
        HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.fromPublisher(
                HttpRequest.BodyPublishers.ofInputStream(() -> counting(file, sent)), size);
        return send(request(path).header("Content-Type", contentType).PUT(body));
    }

    JsonNode put(String path) {
        return send(request(path).PUT(HttpRequest.BodyPublishers.noBody()));
    }

    /** Streams a {@code GET} into {@code target}; returns the bytes written. */
    long download(String path, String accept, Path target) throws IOException {
        HttpResponse<InputStream> response = exchange(request(path).header("Accept", accept).GET(), HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
            if (response.statusCode() >= 400) {
                throw failure(response.statusCode(), new String(body.readAllBytes(), StandardCharsets.UTF_8));
            }
            Path tmp = target.resolveSibling(target.getFileName() + ".part");
            long bytes = Files.copy(body, tmp, StandardCopyOption.REPLACE_EXISTING);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            return bytes;
        }
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofMinutes(10));
        return token == null ? builder : builder.header("X-Auth-Token", token);
    }

    private JsonNode send(HttpRequest.Builder request) {
        HttpResponse<String> response = exchange(request.header("Accept", "application/json"), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 400) {
            throw failure(response.statusCode(), response.body());
        }
        try {
            return JSON.readTree(response.body());
        } catch (JacksonException e) {
            throw new ClientError("the engine's reply is not JSON (HTTP " + response.statusCode() + ")");
        }
    }

    private <T> HttpResponse<T> exchange(HttpRequest.Builder request, HttpResponse.BodyHandler<T> handler) {
        HttpRequest built = request.build();
        try {
            return http.send(built, handler);
        } catch (ConnectException e) {
            throw new ClientError("cannot reach " + base + ": is the engine running?");
        } catch (IOException e) {
            throw new ClientError(built.method() + " " + built.uri() + " failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClientError("interrupted");
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
