package io.batchworks.engine.plugins;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.batchworks.plugin.Periodic;
import io.batchworks.plugin.Service;
import io.batchworks.plugin.TaskType;

import org.pf4j.PluginManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * One version of a plugin JAR as loaded: its class loader and what it declared. When a newer version replaces it,
 * or its file is removed, it is retired: it serves no new task, and its class loader closes once the last task
 * running on it has finished.
 */
public final class PluginJar {

    private static final Logger log = LoggerFactory.getLogger(PluginJar.class);

    final String file;
    final String id;
    final String version;
    final String description;
    final Map<String, RegisteredTaskType> taskTypes;
    final List<RouterFunction<ServerResponse>> routes;
    final List<Periodic> periodic;
    final List<Service<?>> services;
    private final PluginManager manager;
    private final Path copy;
    private int running;
    private boolean retired;
    private boolean closed;

    PluginJar(String file, String id, String version, String description, PluginManager manager, Path copy,
              List<TaskType> taskTypes, List<RouterFunction<ServerResponse>> routes,
              List<Periodic> periodic, List<Service<?>> services) {
        this.file = file;
        this.id = id;
        this.version = version;
        this.description = description;
        this.manager = manager;
        this.copy = copy;
        Map<String, RegisteredTaskType> types = new LinkedHashMap<>();
        taskTypes.stream().map(t -> new RegisteredTaskType(t, this)).forEach(r -> types.put(r.key(), r));
        this.taskTypes = Collections.unmodifiableMap(types);
        this.routes = routes;
        this.periodic = periodic;
        this.services = services;
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

    /** Unloads the plugin (closing its class loader) and deletes the private copy of its JAR. */
    void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        unload(manager, id, copy);
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
