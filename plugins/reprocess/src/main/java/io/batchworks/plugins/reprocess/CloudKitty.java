package io.batchworks.plugins.reprocess;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import io.batchworks.plugin.ApiException;
import io.batchworks.plugin.PluginContext;
import io.batchworks.plugin.web.ErrorShape;
import io.batchworks.plugin.web.JsonBodies;

import org.springframework.web.servlet.function.HandlerFunction;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * CloudKitty's side of the wire: its error body ({@code {"message": ...}}, the shape the engine answers every error
 * of CloudKitty's paths in), its refusals, and its admin-only rule: a caller that is not a super admin gets 403 with
 * CloudKitty's words.
 */
final class CloudKitty {

    /** CloudKitty's paths, whose errors the engine answers in this shape too (a wrong token, an unknown path, a body too big). */
    static final ErrorShape SHAPE = new ErrorShape(List.of("/v2/scope", "/v2/summary", "/v2/task/reprocess"),
            (status, message, data) -> Map.of("message", message));

    private CloudKitty() {
    }

    /** A refusal in CloudKitty's words. */
    static ApiException refusal(int status, String message) {
        return new ApiException(status, message, Map.of());
    }

    static ApiException badRequest(String message) {
        return refusal(400, message);
    }

    /** The handler, for admins only. */
    static HandlerFunction<ServerResponse> admin(PluginContext context, HandlerFunction<ServerResponse> handler) {
        return request -> {
            if (!context.caller(request).superAdmin()) {
                throw refusal(403, "You are not authorized to perform this action.");
            }
            return handler.handle(request);
        };
    }

    /** The request's JSON body; 400 when it is not a JSON object. */
    static JsonNode body(ServerRequest request) throws IOException {
        try {
            JsonNode body = JsonBodies.read(request);
            if (body != null && body.isObject()) {
                return body;
            }
        } catch (JacksonException e) {
            // answered below
        }
        throw badRequest("The request body must be a JSON object");
    }

    /** A query parameter given at most once. */
    static String single(ServerRequest request, String name) {
        var values = request.params().get(name);
        if (values == null || values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            throw badRequest("Parameter " + name + " must be given once");
        }
        return values.get(0);
    }

    static int integer(ServerRequest request, String name, int fallback, int min) {
        String raw = single(request, name);
        if (raw == null) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(raw.strip());
            if (value >= min) {
                return value;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw badRequest("Parameter " + name + " must be an integer of at least " + min);
    }
}
