package io.batchworks.testapi;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one way tests drive an engine's API: requests with a token (as {@code X-Auth-Token} or a bearer token), Kazoo's
 * envelopes read, tasks created, started and awaited, CSV up and down.
 */
public final class Api {

    public static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String base;
    private final String token;
    private final boolean bearer;
    private final Map<String, String> headers;

    public Api(String base, String token) {
        this(base, token, false, Map.of());
    }

    private Api(String base, String token, boolean bearer, Map<String, String> headers) {
        this.base = base;
        this.token = token;
        this.bearer = bearer;
        this.headers = headers;
    }

    public Api as(String otherToken) {
        return new Api(base, otherToken, false, headers);
    }

    /** This API sending its token as {@code Authorization: Bearer} instead of {@code X-Auth-Token}. */
    public Api bearer() {
        return new Api(base, token, true, headers);
    }

    /** This API sending a header with every request too, e.g. {@code Idempotency-Key}. */
    public Api with(String header, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(header, value);
        return new Api(base, token, bearer, Map.copyOf(more));
    }

    public String base() {
        return base;
    }

    /** The token this client sends ({@code X-Auth-Token}). */
    public String token() {
        return token;
    }

    /** A reply: status, body and headers. */
    public record Reply(int status, String body, HttpHeaders headers) {

        /** A header of the reply; {@code null} when it has none. */
        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        public JsonNode json() {
            return JSON.readTree(body);
        }

        public JsonNode data() {
            return json().path("data");
        }

        public JsonNode task() {
            return data().path("_read_only");
        }
    }

    public Reply get(String path) {
        return send(request(path).GET());
    }

    public Reply getCsv(String path) {
        return send(request(path).header("Accept", "text/csv").GET());
    }

    public Reply delete(String path) {
        return send(request(path).DELETE());
    }

    public Reply patch(String path) {
        return send(request(path).method("PATCH", HttpRequest.BodyPublishers.noBody()));
    }

    public Reply put(String path) {
        return send(request(path).PUT(HttpRequest.BodyPublishers.noBody()));
    }

    public Reply putJson(String path, Object body) {
        return send(request(path).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
    }

    /** PUT of a raw body, sent as Kazoo's documented curl examples send it. */
    public Reply put(String path, String body) {
        return send("PUT", path, "application/json", body);
    }

    public Reply patch(String path, String body) {
        return send("PATCH", path, "application/json", body);
    }

    /** Any request; {@code body} ({@code null} for none) is sent as {@code contentType}. */
    public Reply send(String method, String path, String contentType, String body) {
        HttpRequest.Builder request = request(path)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return send(contentType == null ? request : request.header("Content-Type", contentType));
    }

    /** A form-encoded body ({@code a=1&b[]=2}), as HTML forms and {@code curl -d} send. */
    public Reply form(String method, String path, String body) {
        return send(method, path, "application/x-www-form-urlencoded", body);
    }

    public Reply post(String path, String body) {
        return send("POST", path, "application/json", body);
    }

    /** Creates a sub-account of {@code parent} ({@code name}, {@code is_reseller}, ...) and returns its id. */
    public String createAccount(String parent, Map<String, Object> data) {
        Reply reply = putJson("/v2/accounts/" + parent, Map.of("data", data));
        if (reply.status() != 201) {
            throw new IllegalStateException("account not created: " + reply.body());
        }
        return reply.data().path("id").asString();
    }

    /**
     * Creates a task ({@code PUT /v2/tasks?QUERY}, with {@code csv} as its input, or none when {@code null}) and starts
     * it; returns its id. A refusal of either fails with the API's reply.
     */
    public String createAndStart(String query, String csv) {
        return start(csv == null ? put("/v2/tasks?" + query) : putCsv("/v2/tasks?" + query, csv));
    }

    /** {@link #createAndStart(String, String)} with a file as the input, streamed. */
    public String createAndStart(String query, Path csv) {
        return start(putCsv("/v2/tasks?" + query, csv));
    }

    /** Starts the task a create answered with (through this API: this engine's, or another node's); returns its id. */
    public String start(Reply created) {
        if (created.status() != 201) {
            throw new AssertionError("task not created: " + created.status() + " " + created.body());
        }
        String id = created.task().path("id").asString();
        Reply started = patch("/v2/tasks/" + id);
        if (started.status() != 200) {
            throw new AssertionError("task " + id + " not started: " + started.status() + " " + started.body());
        }
        return id;
    }

    /** Creates, starts and awaits a task ({@link #createAndStart}, {@link #awaitEnd}); returns it as it ended. */
    public JsonNode run(String query, String csv, Duration timeout) {
        return awaitEnd(createAndStart(query, csv), timeout);
    }

    /** Starts the task a create answered with and awaits its end. */
    public JsonNode run(Reply created, Duration timeout) {
        return awaitEnd(start(created), timeout);
    }

    /**
     * Polls a task until it leaves {@code pending} and {@code executing} for good: not while a fault's end waits to be
     * resumed ({@code retry_timestamp}), nor while the engine cannot answer (its database is away).
     */
    public JsonNode awaitEnd(String taskId, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Reply reply = get("/v2/tasks/" + taskId);
            JsonNode task = reply.status() < 500 ? reply.task() : null;
            String status = task == null ? "unanswered " + reply.status() : task.path("status").asString();
            if (task != null && !status.equals("executing") && !status.equals("pending") && !task.has("retry_timestamp")) {
                return task;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("task " + taskId + " still " + status + " after " + timeout + ": " + task);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while awaiting task " + taskId, e);
            }
        }
    }

    /** The texts of a JSON array, e.g. a help's {@code mandatory} fields. */
    public static List<String> strings(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(item -> texts.add(item.asString()));
        return texts;
    }

    /** This API with the account's own token, got from its API key. */
    public Api loginAs(String account) {
        String key = get("/v2/accounts/" + account + "/api_key").data().path("api_key").asString();
        Reply auth = as(null).putJson("/v2/api_auth", Map.of("data", Map.of("api_key", key)));
        if (auth.status() != 201) {
            throw new IllegalStateException("no token for " + account + ": " + auth.body());
        }
        return as(auth.json().path("auth_token").asString());
    }

    /**
     * {@code method} of a request target sent byte for byte (e.g. raw {@code [} and {@code ]} in the query, which no URI
     * class accepts), with this API's token; the reply as {@link RawHttp} reads it.
     */
    public RawHttp.Response raw(String method, String target) throws IOException {
        return RawHttp.send(URI.create(base).getPort(), method, target.getBytes(StandardCharsets.ISO_8859_1),
                token == null ? Map.of() : Map.of("X-Auth-Token", token), null);
    }

    public Reply putCsv(String path, String csv) {
        return send(request(path).header("Content-Type", "text/csv").PUT(HttpRequest.BodyPublishers.ofString(csv)));
    }

    public Reply putCsv(String path, Path file) {
        try {
            return send(request(path).header("Content-Type", "text/csv").PUT(HttpRequest.BodyPublishers.ofFile(file)));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A PUT of any body: a publisher without a length is sent chunked. */
    public Reply put(String path, String contentType, HttpRequest.BodyPublisher body) {
        return send(request(path).header("Content-Type", contentType).PUT(body));
    }

    /** Downloads a CSV to a file (streamed, so big exports stay out of memory). */
    public int download(String path, Path file) {
        try {
            HttpResponse<Path> r = HTTP.send(request(path).header("Accept", "text/csv").GET().build(),
                    HttpResponse.BodyHandlers.ofFile(file));
            return r.statusCode();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60));
        if (token != null) {
            b.header(bearer ? "Authorization" : "X-Auth-Token", bearer ? "Bearer " + token : token);
        }
        headers.forEach(b::header);
        return b;
    }

    private static Reply send(HttpRequest.Builder b) {
        try {
            HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(r.statusCode(), r.body(), r.headers());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
