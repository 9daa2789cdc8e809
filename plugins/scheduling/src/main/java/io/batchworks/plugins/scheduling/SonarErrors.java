package io.batchworks.plugins.scheduling;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.batchworks.plugin.ApiException;
import io.batchworks.plugin.web.ErrorShape;

/**
 * Sonar's errors, {@code {"error": {"message": "...", "status_code": N}}} with {@code field} naming the parameter at
 * fault when there is one: thrown as {@link ApiException}s whose data holds the field, and answered in this shape on
 * Sonar's paths by the engine, also for its own refusals (no token, a token that may not, a body too big).
 */
final class SonarErrors {

    static final String NO_ITEM = "No item with that ID found.";

    /** Sonar's paths and the body of their errors. */
    static final ErrorShape SHAPE = new ErrorShape(List.of("/api/v1/"), SonarErrors::body);

    private SonarErrors() {
    }

    /** An error without a field at fault. */
    static ApiException error(int status, String message) {
        return new ApiException(status, message, Map.of());
    }

    static ApiException notFound(String message) {
        return error(404, message);
    }

    /** 422 naming the field at fault. */
    static ApiException invalid(String field, String message) {
        return new ApiException(422, message, Map.of("field", field));
    }

    static ApiException required(String field) {
        return invalid(field, "The " + field + " field is required.");
    }

    private static Map<String, Object> body(int status, String message, Map<String, ?> data) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("message", message);
        error.put("status_code", status);
        if (data.get("field") instanceof String field) {
            error.put("field", field);
        }
        return Map.of("error", error);
    }
}
