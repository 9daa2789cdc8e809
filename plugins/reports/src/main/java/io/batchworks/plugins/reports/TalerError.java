package io.batchworks.plugins.reports;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.batchworks.plugin.web.ErrorShape;
import io.batchworks.plugin.web.JsonReplies;

import org.springframework.web.servlet.function.HandlerFunction;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * An error in Taler's shape, {@code {"code": <TALER_EC>, "hint": "...", "detail": "..."}}, and the wrapper that gives
 * every reports route this shape, also for the engine's own refusals (no token, a token lacking the permission).
 */
final class TalerError extends RuntimeException {

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

    final int status;
    final int code;
    final String detail;

    TalerError(int status, int code, String hint, String detail) {
        super(hint);
        this.status = status;
        this.code = code;
        this.detail = detail;
    }

    /** 400 naming the field at fault, with why. */
    static TalerError malformed(String field, String why) {
        return new TalerError(400, GENERIC_PARAMETER_MALFORMED, field + " " + why, field);
    }

    static TalerError reportUnknown(String id) {
        return new TalerError(404, REPORT_UNKNOWN, "report unknown", id);
    }

    /** Taler's paths, whose errors the engine answers in this shape too (a wrong token, an unknown path, a body too big). */
    static final ErrorShape SHAPE = new ErrorShape(List.of("/private/reports", "/instances/"),
            (status, hint) -> new TalerError(status, codeFor(status), hint, null).body());

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

    ServerResponse reply() {
        return JsonReplies.of(status, body());
    }

    private Map<String, Object> body() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("code", code);
        body.put("hint", getMessage());
        if (detail != null) {
            body.put("detail", detail);
        }
        return body;
    }

    /** The handler, with its Taler errors as Taler error bodies (the engine's own refusals take {@link #SHAPE}). */
    static HandlerFunction<ServerResponse> taler(HandlerFunction<ServerResponse> handler) {
        return request -> {
            try {
                return handler.handle(request);
            } catch (TalerError e) {
                return e.reply();
            }
        };
    }
}
