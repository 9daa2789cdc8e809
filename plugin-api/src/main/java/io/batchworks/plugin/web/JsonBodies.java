package io.batchworks.plugin.web;

import java.io.IOException;
import java.io.InputStream;

import org.springframework.web.servlet.function.ServerRequest;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A request's body read as JSON whatever its {@code Content-Type}. The clients of the APIs the engine speaks (Kazoo,
 * CloudKitty, Taler) are often driven by {@code curl -d}, which declares a form type for a JSON body; reading the
 * body through Spring's converters would then hand back form-encoded text. The raw bytes are what was meant.
 */
public final class JsonBodies {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private JsonBodies() {
    }

    /**
     * The body as JSON: a missing node when the body is empty.
     *
     * @throws tools.jackson.core.JacksonException when the body is not JSON (answer it in the API's own error shape)
     */
    public static JsonNode read(ServerRequest request) throws IOException {
        try (InputStream in = request.servletRequest().getInputStream()) {
            JsonNode body = JSON.readTree(in);
            return body == null || body.isNull() ? JSON.missingNode() : body;
        }
    }
}
