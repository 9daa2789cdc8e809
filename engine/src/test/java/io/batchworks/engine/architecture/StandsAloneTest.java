package io.batchworks.engine.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.batchworks.engine.support.Fixtures;

import org.junit.jupiter.api.Test;

/**
 * A clone works on its own, and reads on its own: no file of the repository reaches for anything beside it, or
 * speaks of documents, issues or API sources a reader of the repository does not have.
 */
class StandsAloneTest {

    /** Written in parts, so that this file does not name what it looks for. */
    private static final List<String> OUTSIDE = List.of(".." + "/shared", "SHARED" + "_DIR", "DESIGN" + ".md");
    /** Issue numbers, and the API's source documents called by a private name (a generator's random seed is fine). */
    private static final Pattern PRIVATE = Pattern.compile("(?i)\\bissues? #?\\d+|\\(" + "issue|the " + "seed's|of the " + "seed\\b"
            + "|as the " + "seed\\b|" + "seed " + "documents?|/" + "seeds/");
    private static final Set<String> NOT_SOURCES = Set.of(".git", "target", "dist", "data", "work", "node_modules");

    @Test
    void noFileOfTheRepositoryRefersToFilesOutsideIt() throws IOException {
        try (Stream<Path> files = Files.walk(Fixtures.root())) {
            List<String> referring = files
                    .filter(Files::isRegularFile)
                    .filter(f -> isSource(Fixtures.root().relativize(f)))
                    .filter(StandsAloneTest::refersOutside)
                    .map(f -> Fixtures.root().relativize(f).toString())
                    .toList();
            assertThat(referring).as("files that refer to " + OUTSIDE + " or match " + PRIVATE).isEmpty();
        }
    }

    /** Not under a folder of build output, run data or version control. */
    private static boolean isSource(Path relative) {
        for (Path part : relative) {
            if (NOT_SOURCES.contains(part.toString())) {
                return false;
            }
        }
        return true;
    }

    private static boolean refersOutside(Path file) {
        try {
            if (Files.size(file) > 1_000_000) {
                return false;
            }
            String text = Files.readString(file, StandardCharsets.UTF_8);
            return OUTSIDE.stream().anyMatch(text::contains) || PRIVATE.matcher(text).find();
        } catch (MalformedInputException binary) {
            return false;
        } catch (IOException e) {
            throw new IllegalStateException(file.toString(), e);
        }
    }
}
