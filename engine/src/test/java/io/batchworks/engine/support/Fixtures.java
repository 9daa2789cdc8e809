package io.batchworks.engine.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Files the tests need: where the repository is, ratedecks from the shared generator. */
public final class Fixtures {

    private Fixtures() {
    }

    /** The repository's root: the nearest folder above the running module that holds {@code engine/} and {@code plugin-api/}. */
    public static Path root() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("engine")) && Files.isDirectory(dir.resolve("plugin-api"))) {
                return dir;
            }
        }
        throw new IllegalStateException("not inside the Batchworks repository: " + Path.of("").toAbsolutePath());
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
