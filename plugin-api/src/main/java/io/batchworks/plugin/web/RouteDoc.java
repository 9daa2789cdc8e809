package io.batchworks.plugin.web;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What the API document ({@code /v3/api-docs}) says of a plugin's route: a summary, a description and its query
 * parameters. Attach it to the route just declared with {@code RouterFunctions.Builder.withAttributes}:
 *
 * <pre>{@code
 * .POST("/v2/rates/numbers", this::rateMany)
 * .withAttributes(RouteDoc.of("Rate many numbers", "A JSON list or a number a line of text/csv ...",
 *         "ratedeck_id", "the deck (default: ratedeck)", "direction", "inbound or outbound"))
 * }</pre>
 *
 * A route without one is listed by its method and path alone.
 *
 * @param summary     one line
 * @param description more, in Markdown; may be empty
 * @param query       each query parameter's name and what it is, in order
 */
public record RouteDoc(String summary, String description, Map<String, String> query) {

    /** The route attribute that holds it. */
    public static final String ATTRIBUTE = "batchworks.route-doc";

    public RouteDoc {
        query = Collections.unmodifiableMap(new LinkedHashMap<>(query));
    }

    /**
     * The attributes to attach: {@code query} is parameters' names and descriptions in turn.
     *
     * @throws IllegalArgumentException when {@code query} is not in pairs
     */
    public static Consumer<Map<String, Object>> of(String summary, String description, String... query) {
        if (query.length % 2 != 0) {
            throw new IllegalArgumentException("query parameters come as name, description pairs");
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < query.length; i += 2) {
            params.put(query[i], query[i + 1]);
        }
        RouteDoc doc = new RouteDoc(summary, description, params);
        return attributes -> attributes.put(ATTRIBUTE, doc);
    }
}
