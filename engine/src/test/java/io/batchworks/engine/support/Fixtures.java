package io.batchworks.engine.support;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.batchworks.client.Bw;

/** Files the tests need: where the repository is, sample ratedecks. */
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

    /**
     * A sample ratedeck written to a file by {@code bw sample ratedeck ROWS [args]}, e.g. {@code "--bad-every", "100"}:
     * the same generator and options as a user's.
     */
    public static Path ratedeck(Path dir, String name, int rows, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("sample", "ratedeck", Integer.toString(rows)));
        command.addAll(List.of(args));
        Path file = dir.resolve(name);
        StringWriter errors = new StringWriter();
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
            if (Bw.run(command.toArray(String[]::new), out, new PrintWriter(errors), new PrintWriter(errors)) != 0) {
                throw new IllegalStateException("bw " + command + " failed: " + errors);
            }
        }
        return file;
    }
}
