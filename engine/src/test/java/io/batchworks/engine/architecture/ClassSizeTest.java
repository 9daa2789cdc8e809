package io.batchworks.engine.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import io.batchworks.engine.support.Fixtures;

import org.junit.jupiter.api.Test;

/** One concept per class, which keeps classes short: no source file of the project's modules over 300 lines. */
class ClassSizeTest {

    private static final int MOST_LINES = 300;
    private static final List<String> MODULES = List.of("plugin-api", "client", "test-api", "engine", "testkit", "plugins", "it");

    @Test
    void noClassIsOverThreeHundredLines() throws IOException {
        List<String> over;
        try (Stream<Path> files = MODULES.stream().map(Fixtures.root()::resolve).flatMap(ClassSizeTest::walk)) {
            over = files.filter(f -> f.toString().endsWith(".java") && !f.toString().contains("/target/"))
                    .filter(f -> lines(f) > MOST_LINES)
                    .map(f -> Fixtures.root().relativize(f) + " (" + lines(f) + " lines)")
                    .toList();
        }
        assertThat(over).as("classes over " + MOST_LINES + " lines: split them along what they hold").isEmpty();
    }

    private static Stream<Path> walk(Path dir) {
        try {
            return Files.walk(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long lines(Path file) {
        try (Stream<String> lines = Files.lines(file)) {
            return lines.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
