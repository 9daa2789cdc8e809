package io.batchworks.engine.plugins;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import jakarta.annotation.PreDestroy;

import io.batchworks.engine.scheduling.PeriodicTriggers;
import io.batchworks.engine.web.ErrorFamilies;
import io.batchworks.plugin.ApiException;
import io.batchworks.plugin.TaskType;
import io.batchworks.plugin.jobs.Periodic;
import io.batchworks.plugin.web.ErrorShape;

import org.quartz.SchedulerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * What the loaded plugins serve now, one version per file of the plugins directory: their task types and routes
 * (read by requests and tasks without a lock), their services and their periodic work. A version is admitted only
 * when nothing it declares clashes with another file's; it is put in service, replaced or withdrawn as a whole.
 */
@Component
public class PluginCatalogue implements ErrorFamilies {

    private static final Logger log = LoggerFactory.getLogger(PluginCatalogue.class);

    private final PeriodicTriggers triggers;
    private final PluginServices services;
    private final Map<String, PluginJar> serving = new TreeMap<>();
    private volatile Map<String, RegisteredTaskType> taskTypes = Map.of();
    private volatile List<Routed> routers = List.of();
    private volatile List<ErrorShape> errorShapes = List.of();

    PluginCatalogue(PeriodicTriggers triggers, PluginServices services) {
        this.triggers = triggers;
        this.services = services;
    }

    /** A task type by Kazoo's category and action. */
    public Optional<RegisteredTaskType> taskType(String category, String action) {
        return Optional.ofNullable(taskTypes.get(RegisteredTaskType.key(category, action)));
    }

    /** A task type by Kazoo's category and action; 404 when no loaded plugin declares it. */
    public RegisteredTaskType require(String category, String action) {
        return taskType(category, action).orElseThrow(() -> unknownType(category, action));
    }

    public Collection<RegisteredTaskType> taskTypes() {
        return taskTypes.values();
    }

    /** The 404 for a category and action (either may be {@code null}) that no loaded plugin declares. */
    public static ApiException unknownType(String category, String action) {
        Map<String, Object> data = new LinkedHashMap<>();
        if (category != null) {
            data.put("category", category);
        }
        if (action != null) {
            data.put("action", action);
        }
        return ApiException.notFound(data);
    }

    /** The loaded plugins' routers. */
    public List<RouterFunction<ServerResponse>> routes() {
        return routers.stream().map(Routed::router).toList();
    }

    /** A plugin's router with the paths it can match. */
    record Routed(RouterFunction<ServerResponse> router, RouteReach reach) {
    }

    List<Routed> routers() {
        return routers;
    }

    @Override
    public Optional<ErrorShape> shapeFor(String path) {
        return errorShapes.stream().filter(s -> s.match(path) > 0).max(Comparator.comparingInt(s -> s.match(path)));
    }

    /** The versions serving now, by file. */
    synchronized List<PluginJar> servingJars() {
        return List.copyOf(serving.values());
    }

    /** The version serving from a file, if any. */
    synchronized Optional<PluginJar> serving(String file) {
        return Optional.ofNullable(serving.get(file));
    }

    /**
     * Refuses (with why) a plugin id or task types that another file serves already, or a type declared twice. A
     * new version of the same file may redeclare its own.
     */
    synchronized void admit(String file, String pluginId, List<TaskType> types) {
        serving.forEach((otherFile, jar) -> {
            if (!otherFile.equals(file) && jar.id.equals(pluginId)) {
                throw new IllegalStateException("plugin id " + pluginId + " is already loaded from " + otherFile);
            }
        });
        Set<String> keys = new HashSet<>();
        for (TaskType type : types) {
            String key = RegisteredTaskType.key(type.category(), type.action());
            RegisteredTaskType existing = taskTypes.get(key);
            if (existing != null && !existing.jar().file.equals(file)) {
                throw new IllegalStateException("task type " + key + " is already declared by plugin " + existing.pluginId()
                        + " (" + existing.jar().file + ")");
            }
            if (!keys.add(key)) {
                throw new IllegalStateException("task type " + key + " is declared twice");
            }
        }
    }

    /** Puts a version in service for its file; the one it replaces (if any) is retired. */
    synchronized void serve(PluginJar next) throws SchedulerException {
        for (Periodic periodic : next.periodic) {
            triggers.register(next.id, periodic);
        }
        PluginJar previous = serving.get(next.file);
        if (previous != null) {
            services.unregister(previous.id);
            triggers.unregister(previous.id, next.periodic.stream().map(Periodic::name).collect(Collectors.toSet()));
        }
        services.register(next.id, next.services);
        serving.put(next.file, next);
        publish();
        if (previous != null) {
            log.info("Plugin {} replaced by version {}", previous, next.version);
            previous.retire();
        }
    }

    /** Withdraws the version serving from a removed file; true if there was one. */
    synchronized boolean withdraw(String file) {
        PluginJar jar = serving.remove(file);
        if (jar == null) {
            return false;
        }
        services.unregister(jar.id);
        try {
            triggers.unregister(jar.id, Set.of());
        } catch (SchedulerException e) {
            log.warn("Periodic work of plugin {} could not be withdrawn: {}", jar, e.toString());
        }
        publish();
        log.info("Plugin {} removed: its task types are gone", jar);
        jar.retire();
        return true;
    }

    /** Rebuilds the task types, routes and error shapes that requests and tasks read without a lock. */
    private void publish() {
        Map<String, RegisteredTaskType> types = new LinkedHashMap<>();
        List<Routed> all = new ArrayList<>();
        List<ErrorShape> shapes = new ArrayList<>();
        serving.values().forEach(j -> {
            types.putAll(j.taskTypes);
            j.routes.forEach(r -> all.add(new Routed(r, RouteReach.of(r))));
            shapes.addAll(j.errorShapes);
        });
        taskTypes = Collections.unmodifiableMap(types);
        routers = List.copyOf(all);
        errorShapes = List.copyOf(shapes);
    }

    /** Engine shutdown: every version serving stops (close hooks, threads) and is unloaded once no task runs on it. */
    @PreDestroy
    synchronized void stopAll() {
        for (PluginJar jar : serving.values()) {
            jar.stop();
            jar.retire();
        }
    }
}
