package io.batchworks.engine.plugins;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

import javax.sql.DataSource;

import io.batchworks.plugin.BatchworksPlugin;
import io.batchworks.plugin.PluginApi;
import io.batchworks.plugin.Service;
import io.batchworks.plugin.TaskType;
import io.batchworks.plugin.jobs.Periodic;
import io.batchworks.plugin.web.ErrorShape;

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
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * Loads one version of a plugin JAR: PF4J reads its descriptor, checks the plugin-api version it requires and gives
 * it a class loader whose parent exposes only the shared API JARs ({@link SharedApis}), plugin-api and its libraries
 * ({@link ExposedClasses});
 * {@link ServiceLoader} finds its {@link BatchworksPlugin}s; the {@link PluginCatalogue} admits its task types;
 * only then do its migrations run and its routes, periodic work and services get declared. Whatever fails, and
 * whatever a plugin throws, comes back as an exception whose {@link #reason} says why, and nothing is left loaded.
 */
@Component
class JarLoader {

    private final PluginContexts contexts;
    private final PluginCatalogue catalogue;
    private final PluginServices services;
    private final DataSource dataSource;
    private final SharedApis shared;

    JarLoader(PluginContexts contexts, PluginCatalogue catalogue, PluginServices services, DataSource dataSource,
              SharedApis shared) {
        this.shared = shared;
        this.contexts = contexts;
        this.catalogue = catalogue;
        this.services = services;
        this.dataSource = dataSource;
    }

    /** What a failed load had learnt of the JAR, and why it failed. */
    static final class Refused extends Exception {
        final String id;
        final String version;

        Refused(String id, String version, Throwable cause) {
            super(reason(cause), cause, false, false);
            this.id = id;
            this.version = version;
        }
    }

    /**
     * Loads {@code copy}, a private copy of the plugins directory's {@code file}, so that the file may be overwritten
     * while the version's classes are in use.
     */
    PluginJar load(String file, Path copy) throws Refused {
        PluginManager manager = new IsolatedPluginManager(copy.getParent(), shared.loader());
        manager.setSystemVersion(PluginApi.VERSION);
        String id = null;
        String version = null;
        List<BatchworksPlugin> found = List.of();
        EnginePluginContext context = null;
        try {
            id = manager.loadPlugin(copy);
            PluginWrapper wrapper = manager.getPlugin(id);
            version = wrapper.getDescriptor().getVersion();
            if (wrapper.getPluginState() == PluginState.DISABLED) {
                throw new IllegalStateException("requires plugin-api " + wrapper.getDescriptor().getRequires()
                        + " but this engine offers " + PluginApi.VERSION);
            }
            // PF4J's own Plugin lifecycle (startPlugin) is not used: a plugin's entry points are its BatchworksPlugins
            if (wrapper.getPluginState() != PluginState.RESOLVED) {
                Throwable cause = wrapper.getFailedException();
                throw new IllegalStateException("could not load: " + (cause == null ? wrapper.getPluginState() : cause));
            }
            ClassLoader loader = wrapper.getPluginClassLoader();
            found = ServiceLoader.load(BatchworksPlugin.class, loader).stream()
                    .filter(p -> p.type().getClassLoader() == loader)
                    .map(ServiceLoader.Provider::get)
                    .toList();
            if (found.isEmpty()) {
                throw new IllegalStateException("no " + BatchworksPlugin.class.getName() + " listed in META-INF/services");
            }
            context = contexts.forPlugin(id);
            PluginJar.Declared declared = declare(file, wrapper, found, context, loader);
            return new PluginJar(declared, context, manager, copy);
        } catch (Exception | Error e) { // whatever a plugin throws, the engine stays up
            PluginJar.stopAll(found, context, id);
            PluginJar.unload(manager, id, copy);
            throw new Refused(id, version, e);
        }
    }

    private PluginJar.Declared declare(String file, PluginWrapper wrapper, List<BatchworksPlugin> found,
                                       EnginePluginContext context, ClassLoader loader) {
        String id = wrapper.getPluginId();
        List<TaskType> types = new ArrayList<>();
        for (BatchworksPlugin plugin : found) {
            types.addAll(plugin.taskTypes(context));
        }
        catalogue.admit(file, id, types);
        // only a plugin whose task types are accepted gets to change the database
        List<RouterFunction<ServerResponse>> routes = new ArrayList<>();
        List<Periodic> periodic = new ArrayList<>();
        List<Service<?>> offered = new ArrayList<>();
        List<ErrorShape> shapes = new ArrayList<>();
        for (BatchworksPlugin plugin : found) {
            migrate(id, plugin, loader);
            RouterFunction<ServerResponse> router = plugin.routes(context);
            if (router != null) {
                routes.add(router);
            }
            periodic.addAll(plugin.periodic(context));
            offered.addAll(plugin.services(context));
            if (plugin.errorShape() != null) {
                shapes.add(plugin.errorShape());
            }
        }
        services.check(id, offered);
        PluginDescriptor descriptor = wrapper.getDescriptor();
        return new PluginJar.Declared(file, id, descriptor.getVersion(), descriptor.getPluginDescription(), found, types,
                routes, periodic, offered, shapes);
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
    static String reason(Throwable e) {
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

    /**
     * PF4J's JAR plugin manager, with the shared API JARs (above them {@link ExposedClasses}) as every plugin class
     * loader's parent, asked first.
     */
    private static final class IsolatedPluginManager extends JarPluginManager {

        private final ClassLoader parent;

        IsolatedPluginManager(Path root, ClassLoader parent) {
            super(root);
            this.parent = parent;
        }

        @Override
        protected PluginLoader createPluginLoader() {
            return new JarPluginLoader(this) {
                @Override
                public ClassLoader loadPlugin(Path path, PluginDescriptor descriptor) {
                    PluginClassLoader loader = new PluginClassLoader(pluginManager, descriptor, parent,
                            ClassLoadingStrategy.APD);
                    loader.addFile(path.toFile());
                    return loader;
                }
            };
        }
    }
}
