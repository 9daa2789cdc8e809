package io.batchworks.plugins.reports;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.batchworks.plugin.ApiException;
import io.batchworks.plugin.web.ErrorShape;

/**
 * Taler's errors, {@code {"code": <TALER_EC>, "hint": "...", "detail": "..."}}: thrown as {@link ApiException}s whose
 * data holds the code and the detail, and answered in this shape on Taler's paths by the engine, also for its own
 * refusals (no token, a token lacking the permission, a body too big).
 */
final class TalerErrors {

    /** Taler's error codes used here (taler-error-codes: GENERIC_* and MERCHANT_GENERIC_INSTANCE_UNKNOWN). */
    static final int GENERIC_TOKEN_PERMISSION_INSUFFICIENT = 16;
    static final int GENERIC_METHOD_INVALID = 20;
    static final int GENERIC_ENDPOINT_UNKNOWN = 21;
    static final int GENERIC_JSON_INVALID = 22;
    static final int GENERIC_PARAMETER_MALFORMED = 26;
    static final int GENERIC_URI_TOO_LONG = 31;
    static final int GENERIC_UPLOAD_EXCEEDS_LIMIT = 32;
    static final int GENERIC_UNAUTHORIZED = 40;
    static final int GENERIC_INTERNAL_INVARIANT_FAILURE = 60;
    static final int MERCHANT_GENERIC_INSTANCE_UNKNOWN = 2000;
    /* Taler's documentation names these without numbers; ours, at the end of the merchant range, until Taler's registry has them. */
    static final int REPORT_UNKNOWN = 2990;
    static final int REPORT_GENERATOR_UNCONFIGURED = 2991;
    static final int REPORT_DATA_SOURCE_FAILED = 2992;
    static final int REPORT_TRANSMISSION_FAILED = 2993;

    private TalerErrors() {
    }

    /** An error with Taler's {@code code} and, when not {@code null}, a {@code detail} (the field or id at fault). */
    static ApiException error(int status, int code, String hint, String detail) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("code", code);
        if (detail != null) {
            data.put("detail", detail);
        }
        return new ApiException(status, hint, data);
    }

    /** 400 naming the field at fault, with why. */
    static ApiException malformed(String field, String why) {
        return error(400, GENERIC_PARAMETER_MALFORMED, field + " " + why, field);
    }

    static ApiException reportUnknown(String id) {
        return error(404, REPORT_UNKNOWN, "report unknown", id);
    }

    /** Taler's paths, whose errors the engine answers in this shape too (a wrong token, an unknown path, a body too big). */
    static final ErrorShape SHAPE = new ErrorShape(List.of("/private/reports", "/instances/"), TalerErrors::body);

    /** Taler's generic code for an HTTP status the engine answers with. */
    static int codeFor(int status) {
        return switch (status) {
            case 401 -> GENERIC_UNAUTHORIZED;
            case 403 -> GENERIC_TOKEN_PERMISSION_INSUFFICIENT;
            case 404 -> GENERIC_ENDPOINT_UNKNOWN;
            case 405 -> GENERIC_METHOD_INVALID;
            case 413 -> GENERIC_UPLOAD_EXCEEDS_LIMIT;
            case 414 -> GENERIC_URI_TOO_LONG;
            default -> status >= 500 ? GENERIC_INTERNAL_INVARIANT_FAILURE : GENERIC_PARAMETER_MALFORMED;
        };
    }

    /** Taler's error body: the code the error carries, else the generic one for its status. */
    private static Map<String, Object> body(int status, String hint, Map<String, ?> data) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("code", data.get("code") instanceof Integer code ? code : codeFor(status));
        body.put("hint", hint);
        if (data.get("detail") instanceof String detail) {
            body.put("detail", detail);
        }
        return body;
    }
}
