package io.batchworks.engine.plugins;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import io.batchworks.engine.EngineSettings;
import io.batchworks.plugin.BatchworksPlugin;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The shared API JARs: the JARs of the {@code api/} folder of the plugins directory, each a plugin's published types
 * (e.g. the rates plugin's {@code RateLookup}), loaded once into one class loader that is the parent of every plugin's
 * (its own parent is {@link ExposedClasses}). A plugin offering a service under an interface of such a JAR and the
 * plugins using it so see one type, whatever their own class loaders and however often each is replaced.
 *
 * <p>The folder is read at start only: the loaded plugins link against its classes, so a changed shared API takes a
 * restart. The engine loads private copies, so the files may be overwritten meanwhile.
 */
@Component
class SharedApis {

    private static final Logger log = LoggerFactory.getLogger(SharedApis.class);

    private final List<String> jars = new ArrayList<>();
    private final ClassLoader loader;

    SharedApis(EngineSettings settings) throws IOException {
        Path dir = settings.pluginsDir().toAbsolutePath().normalize().resolve("api");
        List<URL> urls = new ArrayList<>();
        if (Files.isDirectory(dir)) {
            Path copies = PrivateCopies.folder(settings.dataDir().toAbsolutePath().resolve("shared-api-copies"));
            try (Stream<Path> files = Files.list(dir)) {
                for (Path jar : files.filter(f -> f.getFileName().toString().endsWith(".jar") && Files.isRegularFile(f))
                        .sorted().toList()) {
                    jars.add(jar.getFileName().toString());
                    urls.add(Files.copy(jar, copies.resolve(jar.getFileName())).toUri().toURL());
                }
            }
        }
        this.loader = urls.isEmpty() ? ExposedClasses.INSTANCE
                : new URLClassLoader("batchworks-shared-apis", urls.toArray(URL[]::new), ExposedClasses.INSTANCE);
        log.info("Shared API JARs from {}: {}", dir, jars);
    }

    /** The parent of every plugin's class loader. */
    ClassLoader loader() {
        return loader;
    }

    /** The file names of the shared API JARs, in the order they are searched. */
    List<String> jars() {
        return List.copyOf(jars);
    }

    /** True for a type plugins share: plugin-api's, or a shared API JAR's. */
    boolean shares(Class<?> type) {
        ClassLoader owner = type.getClassLoader();
        return owner == BatchworksPlugin.class.getClassLoader() || owner == loader && loader != ExposedClasses.INSTANCE;
    }
}
