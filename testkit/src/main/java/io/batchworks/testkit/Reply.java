package io.batchworks.testkit;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An HTTP reply from the engine.
 *
 * @param status the HTTP status
 * @param body   the body as text
 */
public record Reply(int status, String body) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The body parsed as JSON, e.g. {@code json().path("data")} of a Kazoo envelope. */
    public JsonNode json() {
        return JSON.readTree(body);
    }
}
