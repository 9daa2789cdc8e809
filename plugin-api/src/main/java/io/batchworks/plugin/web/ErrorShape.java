package io.batchworks.plugin.web;

import java.util.List;
import java.util.Map;

/**
 * The error body of an API family other than Kazoo's (CloudKitty's, Taler's, Sonar's) and the paths it serves. On
 * those paths the engine answers every error in this shape, whoever refuses the request: the engine before the
 * plugin's handler runs (no token or a wrong one, a body over the limit, a path no route serves, a request the server
 * cannot parse) or the handler, by throwing an {@link io.batchworks.plugin.ApiException}. A client of that API so
 * always reads its own kind of error, and a plugin has one error type to throw whatever family it speaks.
 *
 * @param pathPrefixes where the family's paths begin, e.g. {@code "/api/v1/"}; the longest that matches wins
 * @param body         the error body for an HTTP status, a message for people and the error's details
 */
public record ErrorShape(List<String> pathPrefixes, Body body) {

    public ErrorShape {
        pathPrefixes = List.copyOf(pathPrefixes);
    }

    /** Builds an error body, written as JSON. */
    @FunctionalInterface
    public interface Body {

        /**
         * @param data the {@link io.batchworks.plugin.ApiException#data() data} of the exception a handler threw, from
         *             which the family takes the fields its errors carry (Sonar's {@code field}, Taler's {@code code}
         *             and {@code detail}); for the engine's own refusals, its details (e.g. {@code path}). Never
         *             {@code null}.
         */
        Object of(int status, String message, Map<String, ?> data);
    }

    /** The longest of this shape's prefixes that {@code path} begins with; 0 when none. */
    public int match(String path) {
        return pathPrefixes.stream().filter(path::startsWith).mapToInt(String::length).max().orElse(0);
    }
}
