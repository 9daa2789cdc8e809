package io.batchworks.it;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

import io.batchworks.engine.support.Fixtures;

/** What `mvn package` assembled in dist/, for the tests that use it as an operator would. */
final class Dist {

    private Dist() {
    }

    /** Copies dist/plugins' JARs matching {@code glob} (e.g. {@code rates-*.jar}) into {@code work/plugins}. */
    static Path plugins(Path work, String glob) throws IOException {
        Path plugins = Files.createDirectories(work.resolve("plugins"));
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(Fixtures.root().resolve("dist/plugins"), glob)) {
            for (Path jar : jars) {
                Files.copy(jar, plugins.resolve(jar.getFileName()));
            }
        }
        return plugins;
    }
}
