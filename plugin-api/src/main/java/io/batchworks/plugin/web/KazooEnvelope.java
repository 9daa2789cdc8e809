package io.batchworks.plugin.web;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.MediaType;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.json.JsonMapper;

/**
 * Kazoo's response envelope ({@code data}, {@code status}, {@code request_id}, {@code timestamp},
 * {@code version}, {@code auth_token}), shared by the engine's tasks API and plugins' Kazoo-compatible routes.
 */
public final class KazooEnvelope {

    /** Request attribute where the engine keeps the request's id. */
    public static final String REQUEST_ID = "batchworks.request_id";
    /** The API version reported in every envelope. */
    public static final String VERSION = "4.3.0-batchworks";
    /** Seconds from year 0 (Gregorian) to the Unix epoch: Kazoo's times are Gregorian seconds. */
    public static final long GREGORIAN_OFFSET = 62_167_219_200L;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private KazooEnvelope() {
    }

    /** A success envelope around {@code data}. */
    public static Map<String, Object> success(HttpServletRequest request, Object data) {
        Map<String, Object> body = base(request);
        body.put("data", data);
        body.put("status", "success");
        return body;
    }

    /** An error envelope: {@code error} holds the HTTP code, {@code data} the details naming the field. */
    public static Map<String, Object> error(HttpServletRequest request, int status, String message, Map<String, ?> details) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("message", message);
        if (details != null) {
            data.putAll(details);
        }
        Map<String, Object> body = base(request);
        body.put("data", data);
        body.put("error", String.valueOf(status));
        body.put("message", message);
        body.put("status", "error");
        return body;
    }

    /** A 200 reply in the envelope, for a plugin's functional route. */
    public static ServerResponse ok(ServerRequest request, Object data) {
        return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).body(success(request.servletRequest(), data));
    }

    /**
     * A reply in the envelope whose {@code data} is written as it is produced, for data too large to build in
     * memory (e.g. a job's outcome for every one of its numbers).
     */
    public static ServerResponse stream(ServerRequest request, int status, DataWriter data) {
        return ServerResponse.status(status).contentType(MediaType.APPLICATION_JSON).build((req, res) -> {
            Map<String, Object> head = base(req);
            try (JsonGenerator json = JSON.createGenerator(res.getOutputStream())) {
                json.writeStartObject();
                for (Map.Entry<String, Object> e : head.entrySet()) {
                    json.writeStringProperty(e.getKey(), e.getValue().toString());
                }
                json.writeStringProperty("status", "success");
                json.writeName("data");
                data.write(json);
                json.writeEndObject();
            }
            return null;
        });
    }

    /** Writes the {@code data} value of a streamed reply: exactly one JSON value. */
    @FunctionalInterface
    public interface DataWriter {
        void write(JsonGenerator json) throws Exception;
    }

    /** Kazoo's time: Gregorian seconds. */
    public static long gregorianSeconds(Instant instant) {
        return instant.getEpochSecond() + GREGORIAN_OFFSET;
    }

    private static Map<String, Object> base(HttpServletRequest request) {
        Map<String, Object> body = new LinkedHashMap<>();
        String token = request.getHeader("X-Auth-Token");
        body.put("auth_token", token == null ? "" : token);
        Object requestId = request.getAttribute(REQUEST_ID);
        body.put("request_id", requestId == null ? "" : requestId.toString());
        body.put("timestamp", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        body.put("version", VERSION);
        return body;
    }
}
