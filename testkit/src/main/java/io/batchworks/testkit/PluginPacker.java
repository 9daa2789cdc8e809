package io.batchworks.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Enumeration;
import java.util.Properties;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/** Puts plugins, and the shared API JARs they use, into a plugins directory as JARs the way a distribution has them. */
final class PluginPacker {

    /** The resource that marks a shared API JAR, with its {@code name}. */
    static final String SHARED_API = "META-INF/batchworks-shared-api.properties";

    private PluginPacker() {
    }

    static Path pack(Class<?> pluginClass, String pluginId, Path plugins) throws IOException, URISyntaxException {
        Path source = Path.of(pluginClass.getProtectionDomain().getCodeSource().getLocation().toURI());
        if (Files.isRegularFile(source)) {
            return Files.copy(source, plugins.resolve(source.getFileName()));
        }
        String id = pluginId != null ? pluginId : pluginClass.getSimpleName().replaceFirst("Plugin$", "").toLowerCase();
        Manifest manifest = manifest(source);
        Attributes main = manifest.getMainAttributes();
        main.putIfAbsent(new Attributes.Name("Plugin-Id"), id);
        main.putIfAbsent(new Attributes.Name("Plugin-Version"), "0.0.0-test");
        main.putIfAbsent(new Attributes.Name("Plugin-Requires"), "*");
        return jar(source, manifest, plugins.resolve(id + "-test.jar"));
    }

    /**
     * Puts every shared API JAR on the class path into {@code plugins/api/}: a JAR as it is, compiled classes (a
     * module of the same build, before its {@code package}) packed into one, named after the marker's {@code name}.
     */
    static void sharedApis(Path plugins) throws IOException, URISyntaxException {
        Enumeration<URL> markers = PluginPacker.class.getClassLoader().getResources(SHARED_API);
        while (markers.hasMoreElements()) {
            URL marker = markers.nextElement();
            Path api = Files.createDirectories(plugins.resolve("api"));
            if (marker.openConnection() instanceof JarURLConnection jar) {
                Path file = Path.of(jar.getJarFileURL().toURI());
                Files.copy(file, api.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            } else {
                Path root = Path.of(marker.toURI()).getParent().getParent();
                Properties properties = new Properties();
                try (InputStream in = marker.openStream()) {
                    properties.load(in);
                }
                jar(root, manifest(root), api.resolve(properties.getProperty("name", root.getFileName().toString()) + "-test.jar"));
            }
        }
    }

    private static Manifest manifest(Path classes) throws IOException {
        Manifest manifest = new Manifest();
        Path own = classes.resolve("META-INF/MANIFEST.MF");
        if (Files.isRegularFile(own)) {
            try (InputStream in = Files.newInputStream(own)) {
                manifest.read(in);
            }
        }
        manifest.getMainAttributes().putIfAbsent(Attributes.Name.MANIFEST_VERSION, "1.0");
        return manifest;
    }

    /** The files under {@code classes} (but their own manifest) in a JAR with {@code manifest}. */
    private static Path jar(Path classes, Manifest manifest, Path target) throws IOException {
        Path own = classes.resolve("META-INF/MANIFEST.MF");
        try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(target), manifest);
             Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(Files::isRegularFile).filter(f -> !f.equals(own)).sorted().toList()) {
                jar.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                Files.copy(f, jar);
                jar.closeEntry();
            }
        }
        return target;
    }
}
