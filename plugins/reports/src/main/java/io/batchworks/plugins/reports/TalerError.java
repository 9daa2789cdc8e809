package io.batchworks.plugins.reports;

import java.util.LinkedHashMap;
import java.util.Map;

import io.batchworks.plugin.ApiException;

import org.springframework.web.servlet.function.HandlerFunction;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * An error in Taler's shape, {@code {"code": <TALER_EC>, "hint": "...", "detail": "..."}}, and the wrapper that gives
 * every reports route this shape, also for the engine's own refusals (no token, a token lacking the permission).
 */
final class TalerError extends RuntimeException {

    /** Taler's error codes used here (taler-error-codes: GENERIC_* and MERCHANT_GENERIC_INSTANCE_UNKNOWN). */
    static final int GENERIC_TOKEN_PERMISSION_INSUFFICIENT = 16;
    static final int GENERIC_JSON_INVALID = 22;
    static final int GENERIC_PARAMETER_MALFORMED = 26;
    static final int GENERIC_UNAUTHORIZED = 40;
    static final int MERCHANT_GENERIC_INSTANCE_UNKNOWN = 2000;
    /* The seed names these without numbers; ours, at the end of the merchant range, until Taler's registry has them. */
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

    ServerResponse reply() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("code", code);
        body.put("hint", getMessage());
        if (detail != null) {
            body.put("detail", detail);
        }
        return ServerResponse.status(status).body(body);
    }

    /** The handler, with its Taler errors and the engine's auth refusals as Taler error bodies. */
    static HandlerFunction<ServerResponse> taler(HandlerFunction<ServerResponse> handler) {
        return request -> {
            try {
                return handler.handle(request);
            } catch (TalerError e) {
                return e.reply();
            } catch (ApiException e) {
                int code = e.status() == 401 ? GENERIC_UNAUTHORIZED : e.status() == 403 ? GENERIC_TOKEN_PERMISSION_INSUFFICIENT
                        : GENERIC_PARAMETER_MALFORMED;
                return new TalerError(e.status(), code, e.getMessage(), null).reply();
            }
        };
    }
}
