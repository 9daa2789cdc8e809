package io.batchworks.engine.support;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import io.batchworks.plugin.PluginApi;

/**
 * Plugin JARs written by a test: Java sources compiled against this module's class path (plugin-api, and the
 * engine's classes for a plugin that should not reach them) and the shared API JARs it uses, a PF4J manifest and the
 * service file; or a shared API JAR, its sources alone.
 */
public final class PluginJars {

    private final String id;
    private String version = "1.0.0";
    private String requires = "^" + PluginApi.VERSION;
    private String pluginClass;
    private final Map<String, String> sources = new LinkedHashMap<>();
    private final Map<String, String> resources = new LinkedHashMap<>();
    private final List<Path> apis = new ArrayList<>();
    private final boolean sharedApi;

    private PluginJars(String id, boolean sharedApi) {
        this.id = id;
        this.sharedApi = sharedApi;
    }

    public static PluginJars plugin(String id) {
        return new PluginJars(id, false);
    }

    /** A shared API JAR: types plugins share, for the {@code api/} folder of a plugins directory. */
    public static PluginJars sharedApi(String name) {
        return new PluginJars(name, true);
    }

    /** Compiles the plugin against a shared API JAR too. */
    public PluginJars using(Path sharedApiJar) {
        apis.add(sharedApiJar);
        return this;
    }

    public PluginJars version(String version) {
        this.version = version;
        return this;
    }

    /** PF4J's {@code Plugin-Requires}: the plugin-api versions the plugin accepts. */
    public PluginJars requires(String requires) {
        this.requires = requires;
        return this;
    }

    /** A class's source; the first one given is the {@code BatchworksPlugin} listed in the service file. */
    public PluginJars source(String className, String source) {
        if (pluginClass == null) {
            pluginClass = className;
        }
        sources.put(className, source);
        return this;
    }

    public PluginJars resource(String path, String content) {
        resources.put(path, content);
        return this;
    }

    /** Compiles and packs the plugin into {@code jar} (its folder is created if need be). */
    public Path buildTo(Path jar) throws IOException {
        Path work = Files.createTempDirectory("plugin-" + id);
        try {
            Path src = Files.createDirectories(work.resolve("src"));
            Path classes = Files.createDirectories(work.resolve("classes"));
            StringBuilder classPath = new StringBuilder(System.getProperty("java.class.path"));
            apis.forEach(api -> classPath.append(File.pathSeparator).append(api));
            List<String> args = new ArrayList<>(List.of("--release", "17", "-proc:none", "-d", classes.toString(),
                    "-cp", classPath.toString()));
            for (Map.Entry<String, String> s : sources.entrySet()) {
                Path file = src.resolve(s.getKey().replace('.', '/') + ".java");
                Files.createDirectories(file.getParent());
                Files.writeString(file, s.getValue());
                args.add(file.toString());
            }
            JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
            ByteArrayOutputStream errors = new ByteArrayOutputStream();
            if (javac.run(null, errors, errors, args.toArray(String[]::new)) != 0) {
                throw new IllegalStateException("plugin " + id + " does not compile:\n" + errors);
            }
            Manifest manifest = new Manifest();
            Attributes main = manifest.getMainAttributes();
            main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
            if (!sharedApi) {
                main.putValue("Plugin-Id", id);
                main.putValue("Plugin-Version", version);
                main.putValue("Plugin-Requires", requires);
                main.putValue("Plugin-Description", "test plugin " + id);
            }
            Files.createDirectories(jar.toAbsolutePath().getParent());
            Path tmp = jar.resolveSibling(jar.getFileName() + ".part");
            try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(tmp), manifest);
                 Stream<Path> files = Files.walk(classes)) {
                for (Path f : files.filter(Files::isRegularFile).sorted(Comparator.naturalOrder()).toList()) {
                    entry(out, classes.relativize(f).toString().replace('\\', '/'), Files.readAllBytes(f));
                }
                if (!sharedApi) {
                    entry(out, "META-INF/services/io.batchworks.plugin.BatchworksPlugin", (pluginClass + "\n").getBytes(StandardCharsets.UTF_8));
                }
                for (Map.Entry<String, String> r : resources.entrySet()) {
                    entry(out, r.getKey(), r.getValue().getBytes(StandardCharsets.UTF_8));
                }
            }
            return Files.move(tmp, jar, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } finally {
            try (Stream<Path> all = Files.walk(work)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private static void entry(JarOutputStream out, String name, byte[] bytes) throws IOException {
        out.putNextEntry(new JarEntry(name));
        OutputStream o = out;
        o.write(bytes);
        out.closeEntry();
    }
}
