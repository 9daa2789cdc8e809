package io.batchworks.it;

import tools.jackson.databind.JsonNode;

/**
 * The API families the engine speaks, each with its own error envelope, told apart by the path a request was sent to
 * (as sent: before any {@code ..} is resolved).
 */
enum Family {

    /** Kazoo: {@code {"status": "error", "error": "<code>", "message": ..., "data": {...}}}. */
    KAZOO,
    /** CloudKitty's v2 API: {@code {"message": ...}}. */
    CLOUDKITTY,
    /** GNU Taler: {@code {"code": <TALER_EC>, "hint": ...}}. */
    TALER,
    /** Sonar: {@code {"error": {"message": ..., "status_code": <code>}}}. */
    SONAR;

    static Family of(String path) {
        if (path.startsWith("/api/v1/")) {
            return SONAR;
        }
        if (path.startsWith("/private/reports") || path.startsWith("/instances/")) {
            return TALER;
        }
        if (path.startsWith("/v2/scope") || path.startsWith("/v2/summary") || path.startsWith("/v2/task/reprocess")) {
            return CLOUDKITTY;
        }
        return KAZOO;
    }

    /** Why {@code body} is not this family's error envelope for {@code status}; null when it is. */
    String mismatch(int status, JsonNode body) {
        if (body == null || !body.isObject()) {
            return "not a JSON object";
        }
        return switch (this) {
            case KAZOO -> body.path("status").asString("").equals("error") && body.path("error").asString("").equals(Integer.toString(status))
                    && body.path("message").isString() && body.path("data").isObject() ? null : "not Kazoo's error envelope";
            case CLOUDKITTY -> body.path("message").isString() && !body.has("status") ? null : "not CloudKitty's {\"message\": ...}";
            case TALER -> body.path("code").isInt() && body.path("hint").isString() ? null : "not Taler's {\"code\", \"hint\"}";
            case SONAR -> body.path("error").path("message").isString() && body.path("error").path("status_code").asInt() == status
                    ? null : "not Sonar's {\"error\": {\"message\", \"status_code\"}}";
        };
    }
}
