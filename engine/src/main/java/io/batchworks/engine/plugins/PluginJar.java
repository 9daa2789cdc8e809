package io.batchworks.engine.plugins;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.batchworks.plugin.BatchworksPlugin;
import io.batchworks.plugin.Service;
import io.batchworks.plugin.TaskType;
import io.batchworks.plugin.jobs.Periodic;
import io.batchworks.plugin.web.ErrorShape;

import org.pf4j.PluginManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * One version of a plugin JAR as loaded: its class loader, its context and what it declared. When a newer version
 * replaces it, or its file is removed, it is retired: it serves no new task, and once the last task running on it has
 * finished it is closed: its plugins' {@code close()}, its context's threads stopped, its class loader closed.
 */
public final class PluginJar {

    private static final Logger log = LoggerFactory.getLogger(PluginJar.class);

    final String file;
    final String id;
    final String version;
    final String description;
    final Map<String, RegisteredTaskType> taskTypes;
    final List<RouterFunction<ServerResponse>> routes;
    /** The routes as listed by {@code GET /v2/plugins} ({@code GET|HEAD /path}): read once, not per request. */
    final List<String> routeLines;
    final List<Periodic> periodic;
    final List<Service<?>> services;
    final List<ErrorShape> errorShapes;
    private final List<BatchworksPlugin> plugins;
    private final EnginePluginContext context;
    private final PluginManager manager;
    private final Path copy;
    private int running;
    private boolean retired;
    private boolean closed;
    private boolean stopped;

    /** What one JAR version declared, with what it was loaded with and runs on. */
    record Declared(String file, String id, String version, String description, List<BatchworksPlugin> plugins,
                    List<TaskType> taskTypes, List<RouterFunction<ServerResponse>> routes, List<Periodic> periodic,
                    List<Service<?>> services, List<ErrorShape> errorShapes) {
    }

    PluginJar(Declared declared, EnginePluginContext context, PluginManager manager, Path copy) {
        this.file = declared.file();
        this.id = declared.id();
        this.version = declared.version();
        this.description = declared.description();
        this.plugins = declared.plugins();
        this.context = context;
        this.manager = manager;
        this.copy = copy;
        Map<String, RegisteredTaskType> types = new LinkedHashMap<>();
        declared.taskTypes().stream().map(t -> new RegisteredTaskType(t, this)).forEach(r -> types.put(r.key(), r));
        this.taskTypes = Collections.unmodifiableMap(types);
        this.routes = declared.routes();
        this.routeLines = routes.stream().flatMap(r -> RouteList.of(r).stream())
                .map(r -> String.join("|", r.methods()) + " " + r.path()).toList();
        this.periodic = declared.periodic();
        this.services = declared.services();
        this.errorShapes = declared.errorShapes();
    }

    public String id() {
        return id;
    }

    public String version() {
        return version;
    }

    /**
     * A task starts running on this version.
     *
     * @return false if the version was unloaded meanwhile (the caller looks its task type up again)
     */
    public synchronized boolean acquire() {
        if (closed) {
            return false;
        }
        running++;
        return true;
    }

    /** A task that {@link #acquire}d this version has ended. */
    public void release() {
        boolean close;
        synchronized (this) {
            running--;
            close = retired && running == 0;
        }
        if (close) {
            close();
        }
    }

    void retire() {
        boolean close;
        synchronized (this) {
            retired = true;
            close = running == 0;
        }
        if (close) {
            close();
        } else {
            log.info("Plugin {} {} retired; its class loader closes when its {} running task(s) end", id, version, running);
        }
    }

    /** Stops the plugin (its close hooks, then its threads), unloads it (closing its class loader), deletes its copy. */
    void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        stop();
        unload(manager, id, copy);
    }

    /**
     * Calls each of the version's plugins' {@link BatchworksPlugin#close()}, then stops the threads its context handed
     * out. At engine shutdown this runs even while tasks still run on the version; it runs once.
     */
    void stop() {
        synchronized (this) {
            if (stopped) {
                return;
            }
            stopped = true;
        }
        stopAll(plugins, context, id);
    }

    /** The close hooks of a version's plugins, then its context's threads; a failure in one does not skip the rest. */
    static void stopAll(List<BatchworksPlugin> plugins, EnginePluginContext context, String id) {
        for (BatchworksPlugin plugin : plugins) {
            try {
                plugin.close();
            } catch (Exception | LinkageError | AssertionError e) {
                log.warn("Plugin {}: {}.close() failed: {}", id, plugin.getClass().getName(), e.toString());
            }
        }
        if (context != null) {
            context.close();
        }
    }

    /** Unloads a plugin from its manager, if it got that far, and deletes the private copy of its JAR. */
    static void unload(PluginManager manager, String id, Path copy) {
        if (manager != null && id != null) {
            try {
                manager.unloadPlugin(id);
            } catch (RuntimeException | LinkageError e) {
                log.warn("Plugin {} did not unload cleanly: {}", id, e.toString());
            }
        }
        try {
            Files.deleteIfExists(copy);
        } catch (IOException e) {
            log.debug("Could not delete {}", copy, e);
        }
    }

    @Override
    public String toString() {
        return id + " " + version + " (" + file + ")";
    }
}
