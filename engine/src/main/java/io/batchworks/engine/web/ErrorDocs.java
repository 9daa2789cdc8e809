package io.batchworks.engine.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.batchworks.plugin.web.ErrorShape;
import io.batchworks.plugin.web.KazooEnvelope;

import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.BooleanSchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.NumberSchema;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;

/**
 * The error replies of the API document: every operation lists the 400 and 404 it may answer, in the error envelope of
 * its path's family (Kazoo's, or a plugin's {@link ErrorShape}), the same body {@link ErrorReplies} writes. A path
 * with a trailing slash, which every Kazoo route also answers, is left out beside the same path without it, so a
 * generated client has one operation for each. Runs after the plugins' routes are added.
 */
@Component
@Order(ErrorDocs.ORDER)
public class ErrorDocs implements OpenApiCustomizer {

    /** After the customizer that adds the plugins' routes, before the one that adds security. */
    public static final int ORDER = 0;

    private final ErrorFamilies families;

    ErrorDocs(ErrorFamilies families) {
        this.families = families;
    }

    @Override
    public void customise(OpenAPI api) {
        if (api.getPaths() == null) {
            return;
        }
        for (String path : new ArrayList<>(api.getPaths().keySet())) {
            if (path.length() > 1 && path.endsWith("/") && api.getPaths().containsKey(path.substring(0, path.length() - 1))) {
                api.getPaths().remove(path);
            }
        }
        api.getPaths().forEach((path, item) -> item.readOperations().forEach(operation -> {
            reply(operation, path, 400, "The request is malformed: the message names the field or value");
            reply(operation, path, 404, "Nothing is found at this path, or no such resource");
        }));
    }

    /** Adds {@code status} to an operation's replies, in the error envelope of {@code path}'s family. */
    public void reply(Operation operation, String path, int status, String description) {
        if (operation.getResponses() == null) {
            operation.setResponses(new ApiResponses());
        }
        if (operation.getResponses().containsKey(Integer.toString(status))) {
            return;
        }
        Object body = families.shapeFor(path).map(shape -> shape.body().of(status, description, Map.of())).orElse(null);
        Schema<?> schema = body == null ? kazooError() : schemaOf(body);
        operation.getResponses().addApiResponse(Integer.toString(status), new ApiResponse().description(description)
                .content(new Content().addMediaType("application/json", new MediaType().schema(schema).example(body))));
    }

    /** Kazoo's error envelope, as {@link KazooEnvelope#error} writes it. */
    private static Schema<?> kazooError() {
        return new ObjectSchema()
                .addProperty("auth_token", new StringSchema())
                .addProperty("request_id", new StringSchema())
                .addProperty("timestamp", new StringSchema().format("date-time"))
                .addProperty("version", new StringSchema().example(KazooEnvelope.VERSION))
                .addProperty("status", new StringSchema().example("error"))
                .addProperty("error", new StringSchema().description("the HTTP status"))
                .addProperty("message", new StringSchema())
                .addProperty("data", new ObjectSchema().description("the message, and the fields or values it names"));
    }

    /** The schema of a family's error body, read from the body itself. */
    private static Schema<?> schemaOf(Object value) {
        if (value instanceof Map<?, ?> map) {
            ObjectSchema object = new ObjectSchema();
            map.forEach((key, inner) -> object.addProperty(String.valueOf(key), schemaOf(inner)));
            return object;
        }
        if (value instanceof List<?> list) {
            return new ArraySchema().items(list.isEmpty() ? new ObjectSchema() : schemaOf(list.get(0)));
        }
        if (value instanceof Integer || value instanceof Long) {
            return new IntegerSchema();
        }
        if (value instanceof Number) {
            return new NumberSchema();
        }
        if (value instanceof Boolean) {
            return new BooleanSchema();
        }
        return value == null || value instanceof CharSequence ? new StringSchema() : new ObjectSchema();
    }
}
