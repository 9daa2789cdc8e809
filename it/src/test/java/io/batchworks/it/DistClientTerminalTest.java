package io.batchworks.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import io.batchworks.testapi.Api;
import io.batchworks.engine.support.Engines;
import io.batchworks.engine.support.Fixtures;
import io.batchworks.engine.support.TestDatabase;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dist/bw run --wait} on a real terminal (a pseudo-terminal from util-linux's {@code script}): the progress bar
 * is redrawn in place, and Ctrl-C asks whether to stop the task or detach; answering "s" stops it.
 */
class DistClientTerminalTest {

    @TempDir
    Path work;

    @Test
    void ctrlCWhileFollowingATaskAsksAndStopsIt() throws Exception {
        assertThat(sigintIgnored())
                .as("SIGINT is ignored in this JVM, and so in every process it starts (a build started with '&' from a"
                        + " non-interactive shell): bw cannot see Ctrl-C. Run the build in the foreground or with job control")
                .isFalse();
        Dist.plugins(work, "rates-*.jar");
        StringBuilder prefixes = new StringBuilder("prefix\n");
        for (int i = 0; i < 5_000; i++) {
            prefixes.append(600_000 + i).append('\n');
        }
        Path input = Files.writeString(work.resolve("delete.csv"), prefixes);
        try (TestDatabase db = TestDatabase.hsqldb();
             Engines.Forked engine = new Engines.Forked(db, work, "--rates.delete.wait-after-row-ms=3", "--rates.delete.chunk-size=50")) {
            Api api = engine.api();
            // exec: the shell script starts with must not stay in the terminal's foreground group, or Ctrl-C ends it (130)
            String bw = "exec " + Fixtures.root().resolve("dist/bw") + " run rates delete " + input + " --param ratedeck_id=tty --wait";
            ProcessBuilder builder = new ProcessBuilder("script", "-qfec", bw, "/dev/null").redirectErrorStream(true);
            builder.environment().put("SHELL", "/bin/sh");
            builder.environment().put("BW_URL", api.base());
            builder.environment().put("BW_TOKEN", api.token());
            builder.environment().put("BW_CONFIG", work.resolve("bw.properties").toString());
            Process terminal = builder.start();
            Screen screen = new Screen(terminal.getInputStream());
            try (OutputStream keys = terminal.getOutputStream()) {
                screen.await("the bar redrawn while the task executes", s -> s.contains("\rexecuting [") && s.contains("rows/s"));
                keys.write(3); // Ctrl-C
                keys.flush();
                screen.await("the question", s -> s.contains("Stop the task (s) or detach"));
                keys.write("s\n".getBytes(StandardCharsets.UTF_8));
                keys.flush();
                assertThat(terminal.waitFor(60, TimeUnit.SECONDS)).isTrue();
            }
            assertThat(terminal.exitValue()).as(screen.text()).isEqualTo(1);
            assertThat(screen.text()).contains("stopped");
            String id = screen.text().lines().filter(l -> l.contains("rates/delete")).reduce((a, b) -> b).orElseThrow()
                    .replaceAll("^.*?([0-9a-f]{32}).*$", "$1");
            assertThat(api.get("/v2/tasks/" + id).task().path("status").asString()).isEqualTo("stopped");
        }
    }

    /** Whether this process ignores SIGINT, as its children then do: Linux's {@code SigIgn} mask, signal 2 its second bit. */
    private static boolean sigintIgnored() throws IOException {
        return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("SigIgn:"))
                .map(l -> Long.parseUnsignedLong(l.substring("SigIgn:".length()).trim(), 16)).anyMatch(mask -> (mask & 0b10) != 0);
    }

    /** What the terminal shows, read as it comes. */
    private static final class Screen {
        private final StringBuffer text = new StringBuffer();

        Screen(InputStream in) {
            Thread reader = new Thread(() -> {
                byte[] buffer = new byte[4096];
                try {
                    for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                        text.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                    }
                } catch (IOException ended) {
                    // the terminal closed
                }
            });
            reader.setDaemon(true);
            reader.start();
        }

        String text() {
            return text.toString();
        }

        void await(String what, Predicate<String> shown) throws InterruptedException {
            try {
                Engines.await(Duration.ofSeconds(60), what, () -> shown.test(text.toString()));
            } catch (AssertionError notShown) {
                throw new AssertionError(notShown.getMessage() + "; the terminal then showed:\n" + text, notShown);
            }
        }
    }
}
