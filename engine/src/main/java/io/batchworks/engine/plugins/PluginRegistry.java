package io.batchworks.engine.plugins;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.stream.Stream;

import javax.sql.DataSource;

import io.batchworks.engine.EngineSettings;
import io.batchworks.engine.scheduling.PeriodicTriggers;
import io.batchworks.plugin.BatchworksPlugin;
import io.batchworks.plugin.Periodic;
import io.batchworks.plugin.Service;
import io.batchworks.plugin.TaskType;

import org.flywaydb.core.Flyway;
import org.pf4j.JarPluginManager;
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
 * Loads every JAR of the plugins directory, each in its own class loader (PF4J), finds its
 * {@link BatchworksPlugin}s with {@link ServiceLoader}, runs its migrations and registers its task types and
 * routes. A JAR that fails is listed with the reason and skipped; the engine stays up.
 */
@Component
@DependsOn("flywayInitializer")
public class PluginRegistry {

    /** The plugin-api version this engine offers; a plugin's {@code Plugin-Requires} must accept it. */
    public static final String API_VERSION = "0.1.0";
    private static final Logger log = LoggerFactory.getLogger(PluginRegistry.class);

    private final EnginePluginContext context;
    private final DataSource dataSource;
    private final PeriodicTriggers triggers;
    private final PluginServices services;
    private final Map<String, RegisteredTaskType> taskTypes = new LinkedHashMap<>();
    private final List<LoadedPlugin> plugins = new ArrayList<>();
    private final List<RouterFunction<ServerResponse>> routes = new ArrayList<>();

    public PluginRegistry(EngineSettings settings, EnginePluginContext context, DataSource dataSource, PeriodicTriggers triggers,
                          PluginServices services) throws IOException {
        this.services = services;
        this.context = context;
        this.dataSource = dataSource;
        this.triggers = triggers;
        Path dir = settings.pluginsDir().toAbsolutePath().normalize();
        Files.createDirectories(dir);
        PluginManager manager = new JarPluginManager(dir);
        manager.setSystemVersion(API_VERSION);
        try (Stream<Path> files = Files.list(dir)) {
            files.filter(f -> f.getFileName().toString().endsWith(".jar")).sorted().forEach(jar -> load(manager, jar));
        }
        log.info("Plugins from {}: {}", dir, plugins);
    }

    /** A task type by Kazoo's category and action. */
    public Optional<RegisteredTaskType> taskType(String category, String action) {
        return Optional.ofNullable(taskTypes.get(category + "/" + action));
    }

    public Collection<RegisteredTaskType> taskTypes() {
        return taskTypes.values();
    }

    public List<LoadedPlugin> plugins() {
        return List.copyOf(plugins);
    }

    List<RouterFunction<ServerResponse>> routes() {
        return routes;
    }

    private void load(PluginManager manager, Path jar) {
        String file = jar.getFileName().toString();
        String id = null;
        String version = null;
        try {
            id = manager.loadPlugin(jar);
            PluginWrapper wrapper = manager.getPlugin(id);
            version = wrapper.getDescriptor().getVersion();
            if (wrapper.getPluginState() == PluginState.DISABLED) {
                throw new IllegalStateException("requires plugin-api " + wrapper.getDescriptor().getRequires()
                        + " but this engine offers " + API_VERSION);
            }
            if (manager.startPlugin(id) != PluginState.STARTED) {
                Throwable cause = wrapper.getFailedException();
                throw new IllegalStateException("could not start: " + (cause == null ? wrapper.getPluginState() : cause));
            }
            register(file, wrapper);
        } catch (Exception | LinkageError e) {
            String reason = e.getMessage() == null ? e.toString() : e.getMessage();
            log.warn("Plugin {} not loaded: {}", file, reason);
            log.debug("Plugin {} failure", file, e);
            plugins.add(LoadedPlugin.failed(file, id, version, reason));
            if (id != null) {
                try {
                    manager.unloadPlugin(id);
                } catch (RuntimeException ignored) {
                    // the plugin is already refused; unloading is only tidying up
                }
            }
        }
    }

    private void register(String file, PluginWrapper wrapper) throws SchedulerException {
        ClassLoader loader = wrapper.getPluginClassLoader();
        List<BatchworksPlugin> found = ServiceLoader.load(BatchworksPlugin.class, loader).stream()
                .filter(p -> p.type().getClassLoader() == loader)
                .map(ServiceLoader.Provider::get)
                .toList();
        if (found.isEmpty()) {
            throw new IllegalStateException("no " + BatchworksPlugin.class.getName() + " listed in META-INF/services");
        }
        String id = wrapper.getPluginId();
        Map<String, RegisteredTaskType> mine = new LinkedHashMap<>();
        List<RouterFunction<ServerResponse>> myRoutes = new ArrayList<>();
        List<Periodic> myPeriodic = new ArrayList<>();
        List<Service<?>> myServices = new ArrayList<>();
        for (BatchworksPlugin plugin : found) {
            migrate(id, plugin, loader);
            for (TaskType type : plugin.taskTypes(context)) {
                String key = type.category() + "/" + type.action();
                RegisteredTaskType existing = taskTypes.get(key);
                if (existing != null || mine.containsKey(key)) {
                    throw new IllegalStateException("task type " + key + " is already declared by plugin "
                            + (existing != null ? existing.pluginId() : id));
                }
                mine.put(key, new RegisteredTaskType(type, id));
            }
            RouterFunction<ServerResponse> router = plugin.routes(context);
            if (router != null) {
                myRoutes.add(router);
            }
            myPeriodic.addAll(plugin.periodic(context));
            myServices.addAll(plugin.services(context));
        }
        services.check(id, myServices);
        for (Periodic periodic : myPeriodic) {
            triggers.register(id, periodic);
        }
        services.register(id, myServices);
        taskTypes.putAll(mine);
        routes.addAll(myRoutes);
        plugins.add(new LoadedPlugin(file, id, wrapper.getDescriptor().getVersion(),
                wrapper.getDescriptor().getPluginDescription(), "loaded", List.copyOf(mine.keySet()), null));
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
}
