package io.batchworks.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.batchworks.engine.support.Fixtures;
import io.batchworks.engine.support.Ports;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * The README's quick start as written, from what `mvn package` put in dist/: the engine started with
 * {@code dist/batchworks} in a folder of its own (on a free port rather than 8000), then {@code dist/bw}
 * logs in with the token file, asks for help, makes a sample ratedeck, imports it with {@code --wait}, downloads the
 * failures and lists the partial tasks.
 */
@Execution(ExecutionMode.CONCURRENT) // the engine and the client are processes of their own: beside the other tests
class QuickStartTest {

    @TempDir
    Path folder;

    @Test
    void theReadmesQuickStartRunsAsWritten() throws Exception {
        int port = Ports.free();
        Path log = folder.resolve("engine.log");
        ProcessBuilder start = new ProcessBuilder(Fixtures.root().resolve("dist/batchworks").toString(), "--server.port=" + port)
                .directory(folder.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        // -Xshare:on: the JVM refuses to start unless it maps the build's class data sharing archive, so a launcher or
        // archive that no longer works fails here instead of starting slowly; the class log shows what came from it
        Path classes = folder.resolve("classes.log");
        start.environment().put("JAVA_OPTS", "-Xmx512m -Xshare:on -Xlog:class+load=info:file=" + classes);
        Process engine = start.start();
        try {
            String url = "http://127.0.0.1:" + port;
            awaitReady(url, engine, log);
            // the archive was recorded with the bundled plugins: their classes, defined by the plugins' own class
            // loaders, are mapped from it too
            try (Stream<String> lines = Files.lines(classes)) {
                assertThat(lines.filter(l -> l.contains("io.batchworks.plugins.rates.RatesPlugin source: shared objects file")))
                        .hasSize(1);
            }
            // and the engine's beans came from the build's Spring AOT classes
            assertThat(Files.readString(log)).contains("Starting AOT-processed BatchworksApplication");
            assertThat(bw("login", url, "--token-file", "data/admin-token").status()).isZero();
            Run help = bw("help", "rates", "import");
            assertThat(help.status()).as(help.out()).isZero();
            assertThat(help.out()).contains("rates import: ", "mandatory: prefix");

            Run sample = bw("sample", "ratedeck", "100000", "--bad-every", "100");
            assertThat(sample.status()).isZero();
            Files.writeString(folder.resolve("rates.csv"), sample.out());

            Run run = bw("run", "rates", "import", "rates.csv", "--wait");
            assertThat(run.status()).as(run.out()).isEqualTo(3);
            String last = run.out().lines().filter(l -> l.contains("rates/import")).reduce((a, b) -> b).orElseThrow();
            assertThat(last).contains("partial", "99,000 written, 1,000 failed of 100,000");

            String id = last.split(" ")[0];
            Run download = bw("download", id);
            assertThat(download.status()).as(download.out()).isZero();
            assertThat(Files.readAllLines(folder.resolve(id + "_out.csv"))).hasSize(1_001);
            assertThat(bw("tasks", "--status", "partial").out()).contains(id);
        } finally {
            engine.destroy();
            if (!engine.waitFor(20, TimeUnit.SECONDS)) {
                engine.destroyForcibly();
            }
        }
    }

    private record Run(int status, String out) {
    }

    /** {@code dist/bw ARGS} in the folder, with its login kept in the folder too. */
    private Run bw(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Fixtures.root().resolve("dist/bw").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(folder.toFile()).redirectErrorStream(true);
        builder.environment().put("BW_CONFIG", folder.resolve("bw.properties").toString());
        builder.environment().remove("BW_URL");
        builder.environment().remove("BW_TOKEN");
        // as for the engine: bw refuses to start unless it maps the archive the build recorded for it
        builder.environment().put("BW_JAVA_OPTS", "-Xshare:on");
        Process p = builder.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("bw " + command + " did not end");
        }
        return new Run(p.exitValue(), out);
    }

    private void awaitReady(String url, Process engine, Path log) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (true) {
            if (!engine.isAlive()) {
                throw new AssertionError("the engine exited:\n" + Files.readString(log));
            }
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(url + "/v2/tasks")).build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode() == 200 && Files.exists(folder.resolve("data/admin-token"))) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the engine did not start:\n" + Files.readString(log));
            }
            Thread.sleep(200);
        }
    }
}
