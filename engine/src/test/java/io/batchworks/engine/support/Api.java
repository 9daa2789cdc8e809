package io.batchworks.engine.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A small HTTP client for an engine under test, speaking the Kazoo API with a token. */
public final class Api {

    public static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String base;
    private final String token;
    private final boolean bearer;

    public Api(String base, String token) {
        this(base, token, false);
    }

    private Api(String base, String token, boolean bearer) {
        this.base = base;
        this.token = token;
        this.bearer = bearer;
    }

    public Api as(String otherToken) {
        return new Api(base, otherToken);
    }

    /** This API sending its token as {@code Authorization: Bearer} instead of {@code X-Auth-Token}. */
    public Api bearer() {
        return new Api(base, token, true);
    }

    public String base() {
        return base;
    }

    /** The token this client sends ({@code X-Auth-Token}). */
    public String token() {
        return token;
    }

    /** A reply: status and body. */
    public record Reply(int status, String body) {
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
        return send(request(path).header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(body)));
    }

    public Reply patch(String path, String body) {
        return send(request(path).header("Content-Type", "application/json").method("PATCH", HttpRequest.BodyPublishers.ofString(body)));
    }

    /** A form-encoded body ({@code a=1&b[]=2}), as HTML forms and {@code curl -d} send. */
    public Reply form(String method, String path, String body) {
        return send(request(path).header("Content-Type", "application/x-www-form-urlencoded")
                .method(method, HttpRequest.BodyPublishers.ofString(body)));
    }

    public Reply post(String path, String body) {
        return send(request(path).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** Creates a sub-account of {@code parent} ({@code name}, {@code is_reseller}, ...) and returns its id. */
    public String createAccount(String parent, Map<String, Object> data) {
        Reply reply = putJson("/v2/accounts/" + parent, Map.of("data", data));
        if (reply.status() != 201) {
            throw new IllegalStateException("account not created: " + reply.body());
        }
        return reply.data().path("id").asString();
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
        return b;
    }

    private static Reply send(HttpRequest.Builder b) {
        try {
            HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(r.statusCode(), r.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
