package io.batchworks.plugins.scheduling;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.batchworks.plugin.web.ErrorShape;
import io.batchworks.plugin.web.JsonReplies;

import org.springframework.web.servlet.function.HandlerFunction;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * An error in Sonar's shape, {@code {"error": {"message": "...", "status_code": N}}} (with {@code field} naming the
 * parameter at fault when there is one), and the wrapper that gives every route of the plugin this shape, also for
 * the engine's own refusals (no token, a token that may not).
 */
final class SonarError extends RuntimeException {

    static final String NO_ITEM = "No item with that ID found.";

    final int status;
    final String field;

    SonarError(int status, String message, String field) {
        super(message, null, false, false);
        this.status = status;
        this.field = field;
    }

    static SonarError notFound(String message) {
        return new SonarError(404, message, null);
    }

    /** 422 naming the field at fault. */
    static SonarError invalid(String field, String message) {
        return new SonarError(422, message, field);
    }

    static SonarError required(String field) {
        return invalid(field, "The " + field + " field is required.");
    }

    /** Sonar's paths, whose errors the engine answers in this shape too (a wrong token, an unknown path, a body too big). */
    static final ErrorShape SHAPE = new ErrorShape(List.of("/api/v1/"), (status, message) -> new SonarError(status, message, null).body());

    ServerResponse reply() {
        return JsonReplies.of(status, body());
    }

    private Map<String, Object> body() {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("message", getMessage());
        error.put("status_code", status);
        if (field != null) {
            error.put("field", field);
        }
        return Map.of("error", error);
    }

    /** The handler, with its errors answered in Sonar's shape (the engine's own refusals take {@link #SHAPE}). */
    static HandlerFunction<ServerResponse> sonar(HandlerFunction<ServerResponse> handler) {
        return request -> {
            try {
                return handler.handle(request);
            } catch (SonarError e) {
                return e.reply();
            }
        };
    }
}
