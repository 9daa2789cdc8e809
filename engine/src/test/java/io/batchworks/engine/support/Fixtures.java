package io.batchworks.engine.support;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Files the tests need: bundled plugin JARs as built, ratedecks from the shared generator. */
public final class Fixtures {

    private static final List<String> BUNDLED = List.of("rates", "numbers", "reprocess", "reports");

    private Fixtures() {
    }

    /** The repository's root (the engine module's parent). */
    public static Path root() {
        return Path.of("").toAbsolutePath().getParent();
    }

    /** A plugins directory holding the bundled plugins' built JARs, as dist/plugins would. */
    public static Path pluginsDir(Path parent) throws IOException {
        Path dir = Files.createDirectories(parent.resolve("plugins"));
        for (String plugin : BUNDLED) {
            Path target = root().resolve("plugins/" + plugin + "/target");
            try (DirectoryStream<Path> jars = Files.newDirectoryStream(target, plugin + "-*.jar")) {
                for (Path jar : jars) {
                    Files.copy(jar, dir.resolve(jar.getFileName()));
                }
            } catch (IOException e) {
                throw new IOException("build the plugins first (mvn verify builds them before the engine's tests)", e);
            }
        }
        return dir;
    }

    /** {@code gen_ratedeck.py ROWS [args]} written to a file. */
    public static Path ratedeck(Path dir, String name, int rows, String... args) throws IOException, InterruptedException {
        String shared = System.getenv().getOrDefault("SHARED_DIR", root().resolve("../shared").toString());
        List<String> command = new ArrayList<>(List.of("python3", Path.of(shared, "data/gen_ratedeck.py").toString(),
                Integer.toString(rows)));
        command.addAll(List.of(args));
        Path file = dir.resolve(name);
        Process p = new ProcessBuilder(command).redirectOutput(file.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException("gen_ratedeck.py failed: " + command);
        }
        return file;
    }
}
