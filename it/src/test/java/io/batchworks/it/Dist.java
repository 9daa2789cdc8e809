package io.batchworks.it;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import io.batchworks.engine.support.Fixtures;

/** What `mvn package` assembled in dist/, for the tests that use it as an operator would. */
final class Dist {

    private Dist() {
    }

    /**
     * Copies dist/plugins' JARs matching {@code glob} (e.g. {@code rates-*.jar}) into {@code work/plugins}, with the
     * shared API JARs of dist/plugins/api.
     */
    static Path plugins(Path work, String glob) throws IOException {
        Path plugins = Files.createDirectories(work.resolve("plugins"));
        copy(Fixtures.root().resolve("dist/plugins"), glob, plugins);
        copy(Fixtures.root().resolve("dist/plugins/api"), "*.jar", Files.createDirectories(plugins.resolve("api")));
        return plugins;
    }

    private static void copy(Path from, String glob, Path to) throws IOException {
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(from, glob)) {
            for (Path jar : jars) {
                Files.copy(jar, to.resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }
}
