package io.batchworks.plugin;

import java.util.Objects;

/**
 * A service a plugin offers the others (see {@link BatchworksPlugin#services}). Its type is an interface of a shared
 * API JAR (a JAR in the {@code api/} folder of the engine's plugins directory, which the engine loads once beneath every
 * plugin, e.g. the rates plugin's {@code RateLookup}) or of plugin-api, so that every plugin sees the same type whatever
 * its class loader; the implementation stays in the offering plugin. A service type is offered by one plugin at most.
 */
public record Service<T>(Class<T> type, T implementation) {

    public Service {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(implementation, "implementation");
        if (!type.isInterface()) {
            throw new IllegalArgumentException(type.getName() + " is not an interface");
        }
    }

    /** A service offered under {@code type}, an interface of a shared API JAR or of plugin-api. */
    public static <T> Service<T> of(Class<T> type, T implementation) {
        return new Service<>(type, implementation);
    }
}
