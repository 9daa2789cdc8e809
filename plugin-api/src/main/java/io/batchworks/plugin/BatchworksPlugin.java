package io.batchworks.plugin;

import java.util.List;

import io.batchworks.plugin.jobs.Periodic;
import io.batchworks.plugin.web.ErrorShape;

import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * A plugin's entry point, found by {@link java.util.ServiceLoader} in the plugin's own JAR.
 * The plugin's id and version come from its JAR manifest ({@code Plugin-Id}, {@code Plugin-Version}).
 */
public interface BatchworksPlugin {

    /** The task types this plugin offers. Called once, after the plugin's migrations have run. */
    List<TaskType> taskTypes(PluginContext context);

    /**
     * Class-path folder (inside the plugin JAR) of the Flyway migrations that create this plugin's tables,
     * e.g. {@code "db/rates"}; {@code null} when the plugin owns no tables. Each plugin has its own history table.
     */
    default String migrations() {
        return null;
    }

    /**
     * HTTP routes of the plugin's own API, or {@code null}. Every route needs an authenticated caller
     * ({@link PluginContext#caller}); a thrown {@link ApiException} becomes the API's error envelope.
     */
    default RouterFunction<ServerResponse> routes(PluginContext context) {
        return null;
    }

    /**
     * The error shape of the API family the plugin's routes speak, when it is not Kazoo's; {@code null} for Kazoo's
     * envelope. The engine then answers its own refusals on those paths in the same shape.
     */
    default ErrorShape errorShape() {
        return null;
    }

    /** Services this plugin offers other plugins, each under an interface of a shared API JAR or of plugin-api ({@link Service}). */
    default List<Service<?>> services(PluginContext context) {
        return List.of();
    }

    /** Work to run periodically on one engine node at a time, e.g. resuming stalled jobs. */
    default List<Periodic> periodic(PluginContext context) {
        return List.of();
    }

    /**
     * Called once when this version of the plugin stops serving: its JAR was replaced or removed (after the last
     * task running on it has ended), or the engine shuts down. Stop here what the plugin started itself; the
     * executors of {@link PluginContext#executor} are stopped by the engine right after. Its periodic work, routes
     * and services are already withdrawn. What this throws is logged, and the plugin is unloaded all the same.
     */
    default void close() {
    }
}
