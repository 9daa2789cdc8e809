package io.batchworks.engine.plugins;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.sql.DataSource;

import io.batchworks.engine.EngineSettings;
import io.batchworks.engine.scheduling.PeriodicTriggers;
import io.batchworks.plugin.BatchworksPlugin;
import io.batchworks.plugin.Periodic;
import io.batchworks.plugin.Service;
import io.batchworks.plugin.TaskType;

import jakarta.annotation.PreDestroy;

import org.flywaydb.core.Flyway;
import org.pf4j.ClassLoadingStrategy;
import org.pf4j.JarPluginLoader;
import org.pf4j.JarPluginManager;
import org.pf4j.PluginClassLoader;
import org.pf4j.PluginDescriptor;
import org.pf4j.PluginLoader;
import org.pf4j.PluginManager;
import org.pf4j.PluginState;
import org.pf4j.PluginWrapper;
import org.quartz.SchedulerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.DependsOn;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * The plugins directory, loaded: each JAR in its own class loader (PF4J) whose parent exposes only plugin-api and
 * its libraries ({@link ExposedClasses}); {@link BatchworksPlugin}s found with {@link ServiceLoader}; their
 * migrations run and their task types, routes, periodic work and services registered.
 *
 * <p>The directory is watched: a JAR dropped in is loaded, a replaced one's new version takes over new work while
 * tasks running on the old version finish on its class loader, a removed one's task types disappear. A JAR is acted
 * on once two scans see it unchanged, so a file still being copied is not read half-written; each version is loaded
 * from a private copy, so the file may be overwritten while its classes are in use. A JAR that fails is listed with
 * the reason; the engine stays up, and a failed replacement leaves the previous version serving.
 */
@Component
@DependsOn("flywayInitializer")
public class PluginRegistry {

    /** The plugin-api version this engine offers; a plugin's {@code Plugin-Requires} must accept it. */
    public static final String API_VERSION = "0.1.0";
    private static final Logger log = LoggerFactory.getLogger(PluginRegistry.class);

    private record Fingerprint(long size, FileTime modified) {
    }

    private record Failure(String id, String version, String reason) {
    }

    /** A file of the plugins directory: the version of it serving, and why its latest content was refused. */
    private static final class Slot {
        final String file;
        Fingerprint seen;
        Fingerprint handled;
        PluginJar current;
        Failure failure;

        Slot(String file) {
            this.file = file;
        }
    }

    private final EnginePluginContext context;
    private final DataSource dataSource;
    private final PeriodicTriggers triggers;
    private final PluginServices services;
    private final Path dir;
    private final Path copies;
    private final AtomicLong loads = new AtomicLong();
    private final Map<String, Slot> slots = new TreeMap<>();
    private final ScheduledExecutorService watcher;
    private volatile Map<String, RegisteredTaskType> taskTypes = Map.of();
    private volatile List<RouterFunction<ServerResponse>> routes = List.of();

    public PluginRegistry(EngineSettings settings, EnginePluginContext context, DataSource dataSource, PeriodicTriggers triggers,
                          PluginServices services) throws IOException {
        this.services = services;
        this.context = context;
        this.dataSource = dataSource;
        this.triggers = triggers;
        this.dir = Files.createDirectories(settings.pluginsDir().toAbsolutePath().normalize());
        this.copies = settings.dataDir().toAbsolutePath().resolve("plugin-copies");
        deleteTree(copies);
        Files.createDirectories(copies);
        scan(true);
        log.info("Plugins from {}: {}", dir, plugins());
        Duration every = settings.pluginsScan();
        if (every == null || every.isZero()) {
            watcher = null;
            return;
        }
        watcher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "plugins-watcher");
            t.setDaemon(true);
            return t;
        });
        watcher.scheduleWithFixedDelay(() -> {
            try {
                scan(false);
            } catch (IOException | RuntimeException e) {
                log.warn("Scanning {} failed: {}", dir, e.toString());
            }
        }, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** A task type by Kazoo's category and action. */
    public Optional<RegisteredTaskType> taskType(String category, String action) {
        return Optional.ofNullable(taskTypes.get(RegisteredTaskType.key(category, action)));
    }

    public Collection<RegisteredTaskType> taskTypes() {
        return taskTypes.values();
    }

    /** Every JAR of the plugins directory: loaded, or failed with why. */
    public synchronized List<LoadedPlugin> plugins() {
        List<LoadedPlugin> list = new ArrayList<>();
        for (Slot slot : slots.values()) {
            PluginJar jar = slot.current;
            if (slot.failure != null) {
                list.add(new LoadedPlugin(slot.file, slot.failure.id(), slot.failure.version(), null, "failed", List.of(),
                        slot.failure.reason(), jar == null ? null : jar.version));
            } else if (jar != null) {
                list.add(new LoadedPlugin(slot.file, jar.id, jar.version, jar.description, "loaded",
                        List.copyOf(jar.taskTypes.keySet()), null, null));
            }
        }
        return list;
    }

    List<RouterFunction<ServerResponse>> routes() {
        return routes;
    }

    /**
     * Brings the loaded plugins in line with the directory. At start every JAR is loaded at once; afterwards a new or
     * changed JAR waits for a second scan that sees it unchanged. Failed JARs are tried again when another plugin
     * was removed (the task type or id they clashed with may be gone).
     */
    synchronized void scan(boolean atStart) throws IOException {
        Map<String, Fingerprint> present = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(f -> f.getFileName().toString().endsWith(".jar") && Files.isRegularFile(f)).toList()) {
                present.put(f.getFileName().toString(), new Fingerprint(Files.size(f), Files.getLastModifiedTime(f)));
            }
        }
        boolean removed = false;
        for (Slot slot : List.copyOf(slots.values())) {
            if (!present.containsKey(slot.file)) {
                slots.remove(slot.file);
                if (slot.current != null) {
                    withdraw(slot.current);
                    log.info("Plugin {} removed: its task types are gone", slot.current);
                    removed = true;
                }
            }
        }
        for (Map.Entry<String, Fingerprint> e : present.entrySet()) {
            Slot slot = slots.computeIfAbsent(e.getKey(), Slot::new);
            Fingerprint now = e.getValue();
            if (now.equals(slot.handled)) {
                continue;
            }
            boolean stable = now.equals(slot.seen);
            slot.seen = now;
            if (atStart || stable) {
                slot.handled = now;
                load(slot);
            }
        }
        if (removed) {
            slots.values().stream().filter(s -> s.failure != null && s.current == null && s.handled != null).toList()
                    .forEach(this::load);
        }
    }

    private void load(Slot slot) {
        Path copy = copies.resolve(loads.incrementAndGet() + "-" + slot.file);
        PluginManager manager = null;
        String id = null;
        String version = null;
        try {
            Files.copy(dir.resolve(slot.file), copy);
            manager = new IsolatedPluginManager(copies);
            manager.setSystemVersion(API_VERSION);
            id = manager.loadPlugin(copy);
            PluginWrapper wrapper = manager.getPlugin(id);
            version = wrapper.getDescriptor().getVersion();
            if (wrapper.getPluginState() == PluginState.DISABLED) {
                throw new IllegalStateException("requires plugin-api " + wrapper.getDescriptor().getRequires()
                        + " but this engine offers " + API_VERSION);
            }
            for (Slot other : slots.values()) {
                if (other != slot && other.current != null && other.current.id.equals(id)) {
                    throw new IllegalStateException("plugin id " + id + " is already loaded from " + other.file);
                }
            }
            // PF4J's own Plugin lifecycle (startPlugin) is not used: a plugin's entry points are its BatchworksPlugins
            if (wrapper.getPluginState() != PluginState.RESOLVED) {
                Throwable cause = wrapper.getFailedException();
                throw new IllegalStateException("could not load: " + (cause == null ? wrapper.getPluginState() : cause));
            }
            PluginJar jar = declare(slot, manager, wrapper, copy);
            swap(slot, jar);
            log.info("Plugin {} loaded: {}", jar, jar.taskTypes.keySet());
        } catch (Exception | Error e) { // whatever a plugin throws, the engine stays up
            String reason = reason(e);
            log.warn("Plugin {} not loaded: {}", slot.file, reason);
            log.debug("Plugin {} failure", slot.file, e);
            slot.failure = new Failure(id, version, reason);
            PluginJar.unload(manager, id, copy);
        }
    }

    /** Everything a plugin's JAR declares, checked against what the other JARs declared; nothing registered yet. */
    private PluginJar declare(Slot slot, PluginManager manager, PluginWrapper wrapper, Path copy) {
        ClassLoader loader = wrapper.getPluginClassLoader();
        List<BatchworksPlugin> found = ServiceLoader.load(BatchworksPlugin.class, loader).stream()
                .filter(p -> p.type().getClassLoader() == loader)
                .map(ServiceLoader.Provider::get)
                .toList();
        if (found.isEmpty()) {
            throw new IllegalStateException("no " + BatchworksPlugin.class.getName() + " listed in META-INF/services");
        }
        String id = wrapper.getPluginId();
        List<TaskType> types = new ArrayList<>();
        Set<String> keys = new HashSet<>();
        List<RouterFunction<ServerResponse>> myRoutes = new ArrayList<>();
        List<Periodic> myPeriodic = new ArrayList<>();
        List<Service<?>> myServices = new ArrayList<>();
        for (BatchworksPlugin plugin : found) {
            for (TaskType type : plugin.taskTypes(context)) {
                String key = RegisteredTaskType.key(type.category(), type.action());
                RegisteredTaskType existing = taskTypes.get(key);
                if (existing != null && existing.jar() != slot.current) {
                    throw new IllegalStateException("task type " + key + " is already declared by plugin " + existing.pluginId()
                            + " (" + existing.jar().file + ")");
                }
                if (!keys.add(key)) {
                    throw new IllegalStateException("task type " + key + " is declared twice");
                }
                types.add(type);
            }
        }
        // only a plugin whose task types are accepted gets to change the database
        for (BatchworksPlugin plugin : found) {
            migrate(id, plugin, loader);
            RouterFunction<ServerResponse> router = plugin.routes(context);
            if (router != null) {
                myRoutes.add(router);
            }
            myPeriodic.addAll(plugin.periodic(context));
            myServices.addAll(plugin.services(context));
        }
        services.check(id, myServices);
        return new PluginJar(slot.file, id, wrapper.getDescriptor().getVersion(), wrapper.getDescriptor().getPluginDescription(),
                manager, copy, types, myRoutes, myPeriodic, myServices);
    }

    /** Puts a new version in service; the one it replaces (if any) is retired. */
    private void swap(Slot slot, PluginJar next) throws SchedulerException {
        for (Periodic periodic : next.periodic) {
            triggers.register(next.id, periodic);
        }
        PluginJar previous = slot.current;
        if (previous != null) {
            services.unregister(previous.id);
            triggers.unregister(previous.id, next.periodic.stream().map(Periodic::name).collect(Collectors.toSet()));
        }
        services.register(next.id, next.services);
        slot.current = next;
        slot.failure = null;
        publish();
        if (previous != null) {
            log.info("Plugin {} replaced by version {}", previous, next.version);
            previous.retire();
        }
    }

    private void withdraw(PluginJar jar) {
        services.unregister(jar.id);
        try {
            triggers.unregister(jar.id, Set.of());
        } catch (SchedulerException e) {
            log.warn("Periodic work of plugin {} could not be withdrawn: {}", jar, e.toString());
        }
        publish();
        jar.retire();
    }

    /** Rebuilds the task types and routes that requests and tasks read without a lock. */
    private void publish() {
        Map<String, RegisteredTaskType> types = new LinkedHashMap<>();
        List<RouterFunction<ServerResponse>> all = new ArrayList<>();
        slots.values().stream().map(s -> s.current).filter(j -> j != null).forEach(j -> {
            types.putAll(j.taskTypes);
            all.addAll(j.routes);
        });
        taskTypes = Collections.unmodifiableMap(types);
        routes = List.copyOf(all);
    }

    private void migrate(String pluginId, BatchworksPlugin plugin, ClassLoader loader) {
        if (plugin.migrations() == null) {
            return;
        }
        Flyway.configure(loader)
                .dataSource(dataSource)
                .locations("classpath:" + plugin.migrations())
                .table("bw_plugin_" + pluginId.replaceAll("[^A-Za-z0-9_]", "_") + "_history")
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load()
                .migrate();
    }

    /** The failure and its causes, each once: a plugin's own message is often two or three causes down. */
    private static String reason(Throwable e) {
        StringBuilder reason = new StringBuilder();
        for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
            String message = t.getMessage() == null ? t.getClass().getName() : t.getMessage();
            if (t instanceof Error || t instanceof ClassNotFoundException || t.getMessage() == null) {
                message = t.getClass().getSimpleName() + ": " + message;
            }
            if (t instanceof ClassNotFoundException && t.getMessage() != null && !ExposedClasses.exposed(t.getMessage())) {
                message += " (" + ExposedClasses.RULE + ")";
            }
            if (reason.indexOf(message) < 0) {
                reason.append(reason.isEmpty() ? "" : "; caused by ").append(message);
            }
        }
        return reason.toString();
    }

    private static void deleteTree(Path root) throws IOException {
        if (Files.exists(root)) {
            try (Stream<Path> all = Files.walk(root)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    @PreDestroy
    void stop() {
        if (watcher != null) {
            watcher.shutdownNow();
        }
    }

    /** PF4J's JAR plugin manager, with {@link ExposedClasses} as every plugin class loader's parent, asked first. */
    private static final class IsolatedPluginManager extends JarPluginManager {

        IsolatedPluginManager(Path root) {
            super(root);
        }

        @Override
        protected PluginLoader createPluginLoader() {
            return new JarPluginLoader(this) {
                @Override
                public ClassLoader loadPlugin(Path path, PluginDescriptor descriptor) {
                    PluginClassLoader loader = new PluginClassLoader(pluginManager, descriptor, ExposedClasses.INSTANCE,
                            ClassLoadingStrategy.APD);
                    loader.addFile(path.toFile());
                    return loader;
                }
            };
        }
    }
}
