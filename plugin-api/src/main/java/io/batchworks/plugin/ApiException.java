package io.batchworks.plugin;

import java.util.Map;

/** An error answered to an HTTP client: the engine renders it in the API's error envelope. */
public class ApiException extends RuntimeException {

    private final int status;
    private final Map<String, ?> data;

    /**
     * @param status  HTTP status
     * @param message what went wrong, e.g. {@code "bad identifier"}
     * @param data    details naming the field or identifier at fault
     */
    public ApiException(int status, String message, Map<String, ?> data) {
        super(message, null, false, false);
        this.status = status;
        this.data = data == null ? Map.of() : data;
    }

    /** 400 naming the request field at fault. */
    public static ApiException badRequest(String field, String message) {
        return new ApiException(400, message, Map.of(field, Map.of("message", message)));
    }

    /**
     * 400 in Kazoo's validation shape, {@code {"<field>": {"<rule>": {"message": ...}}}}, with the message
     * {@code "invalid data"}; e.g. {@code invalidData("name", "required", "Field is required but missing")}.
     */
    public static ApiException invalidData(String field, String rule, String message) {
        return new ApiException(400, "invalid data", Map.of(field, Map.of(rule, Map.of("message", message))));
    }

    /** 404 for an identifier that names nothing. */
    public static ApiException notFound(String what, String id) {
        return notFound(Map.of(what, id));
    }

    /** 404 for identifiers that together name nothing, e.g. a task type's category and action. */
    public static ApiException notFound(Map<String, ?> identifiers) {
        return new ApiException(404, "bad identifier", identifiers);
    }

    /** The HTTP status of the reply. */
    public int status() {
        return status;
    }

    /** Details for the envelope's {@code data}, e.g. the field at fault. */
    public Map<String, ?> data() {
        return data;
    }
}
