package io.batchworks.engine.support;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

import io.batchworks.engine.BatchworksApplication;

/**
 * The command that starts an engine process for a test. Most of a forked engine's start is loading classes, so
 * the engine runs from JARs with a class data sharing archive (JDK 17's dynamic CDS, which archives classes from
 * JARs only): the first start of a build trains it once, and every later start in any module of the build maps it
 * (about 11 s to ready becomes about 7 s on two cores). A stale or unreadable archive only costs speed: the JVM
 * checks it and loads classes as usual. Like the test JVMs (the root POM's {@code test.jvm}), an engine stops at the
 * first JIT tier and uses the serial GC: a test's engine lives too short for C2 and G1 to pay for their CPU. With the
 * system property {@code batchworks.test.aot=true} (the {@code it} module's, which runs after the engine's build made
 * its Spring AOT classes) the engine starts as the launcher starts it, with the bean set of the build.
 */
final class ForkedLaunch {

    private static final Path ENGINE_TARGET = Fixtures.root().resolve("engine/target");
    private static final boolean AOT = Boolean.getBoolean("batchworks.test.aot");
    private static List<String> prefix;

    private ForkedLaunch() {
    }

    /** {@code java} and its options, up to and including the main class. */
    static synchronized List<String> command() throws IOException, InterruptedException {
        if (prefix == null) {
            prefix = prepare();
        }
        return prefix;
    }

    private static List<String> prepare() throws IOException, InterruptedException {
        Path dir = Files.createDirectories(ENGINE_TARGET.resolve("forked"));
        Path classes = ENGINE_TARGET.resolve("classes");
        String libraries = Files.readString(ENGINE_TARGET.resolve("runtime-classpath.txt")).strip();
        Path jar = dir.resolve("engine-" + fingerprint(classes) + ".jar");
        if (!Files.exists(jar)) {
            writeJar(classes, jar);
        }
        String classPath = jar + ":" + libraries;
        if (AOT && !Files.exists(classes.resolve(BatchworksApplication.class.getName().replace('.', '/') + "__ApplicationContextInitializer.class"))) {
            throw new IllegalStateException("batchworks.test.aot is set but " + classes + " holds no Spring AOT classes: build the engine with mvn package first");
        }
        Path archive = dir.resolve("engine-" + digest(classPath + System.getProperty("java.version") + AOT) + ".jsa");
        if (!Files.exists(archive)) {
            train(classPath, archive);
        }
        List<String> command = base(classPath);
        if (Files.exists(archive)) {
            command.add(1, "-XX:SharedArchiveFile=" + archive);
        }
        return List.copyOf(command);
    }

    private static List<String> base(String classPath) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", classPath, BatchworksApplication.class.getName()));
        if (AOT) {
            command.add(command.indexOf("-cp"), "-Dspring.aot.enabled=true");
        }
        return command;
    }

    /** One start and graceful stop of an engine with no plugins, which writes the archive as its JVM exits. */
    private static void train(String classPath, Path archive) throws IOException, InterruptedException {
        Path work = Files.createTempDirectory("bw-cds-");
        Path written = archive.resolveSibling(archive.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
        List<String> command = base(classPath);
        command.add(1, "-XX:ArchiveClassesAtExit=" + written);
        try (TestDatabase db = TestDatabase.hsqldb(); Engines.Forked engine = new Engines.Forked(command, db, work)) {
            engine.api().get("/v2/tasks"); // the classes of an authenticated request too
        } catch (Exception e) {
            throw new IllegalStateException("the class data sharing archive's training start failed", e);
        }
        if (Files.exists(written)) {
            Files.move(written, archive, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Names the compiled classes by their paths, sizes and times, so a new build gets a new JAR. */
    private static String fingerprint(Path classes) throws IOException {
        StringBuilder all = new StringBuilder();
        try (Stream<Path> files = Files.walk(classes)) {
            files.filter(Files::isRegularFile).sorted().forEach(f -> {
                try {
                    all.append(classes.relativize(f)).append(Files.size(f)).append(Files.getLastModifiedTime(f)).append('\n');
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        return digest(all.toString());
    }

    private static void writeJar(Path classes, Path jar) throws IOException {
        Path tmp = jar.resolveSibling(jar.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp); JarOutputStream zip = new JarOutputStream(out);
             Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(f -> !f.equals(classes)).sorted().toList()) {
                // folders too: Spring's component scan finds a package in a JAR by its folder entry
                String name = classes.relativize(f).toString().replace('\\', '/');
                boolean folder = Files.isDirectory(f);
                zip.putNextEntry(new JarEntry(folder ? name + "/" : name));
                if (!folder) {
                    Files.copy(f, zip);
                }
                zip.closeEntry();
            }
        }
        Files.move(tmp, jar, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static String digest(String text) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
