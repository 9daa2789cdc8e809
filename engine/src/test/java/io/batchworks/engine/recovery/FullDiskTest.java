package io.batchworks.engine.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import io.batchworks.engine.plugins.TestPlugins;
import io.batchworks.testapi.Api;
import io.batchworks.engine.support.Engines;
import io.batchworks.engine.support.ForkedScenarios;
import io.batchworks.engine.support.OnBothDatabases;
import io.batchworks.engine.support.TestDatabase;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import tools.jackson.databind.JsonNode;

/**
 * The engine's data directory is a small disk of its own (a tmpfs the test mounts; on HSQLDB the database's files are
 * on it too) that fills up: an upload larger
 * than the room left is refused with 507 and leaves no task and no file; a run whose {@code out.csv} fills the disk
 * stops {@code internal_error} with the disk named in its run's message, serves only whole lines of it meanwhile, and
 * once space is freed resumes by itself and ends exactly as it would have.
 */
@Execution(ExecutionMode.CONCURRENT) // a forked engine that mostly waits: beside the other tests (junit.parallel, parent POM)
@OnBothDatabases
public class FullDiskTest extends ForkedScenarios {

    private static final int ROWS = 20_000;
    private static final int BAD_EVERY = 8;
    private static final String FULL = "the disk of the data directory";
    private Path disk;

    @Override
    protected void prepare(Path work) throws Exception {
        TestPlugins.greet("1.0.0", "Hello").buildTo(work.resolve("plugins/greet.jar"));
        disk = Files.createDirectories(work.resolve("data"));
        run("mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", disk.toString());
    }

    @Test
    void aFullDiskRefusesAnUploadAndPausesARunUntilSpaceIsFreed() throws Exception {
        try (TestDatabase db = database();
             Engines.Forked engine = new Engines.Forked(db, work, "--greetings.import.chunk-size=500",
                     "--batchworks.recovery.interval=1", "--batchworks.recovery.backoff=1")) {
            Api api = engine.api();
            String tasks = "/v2/accounts/" + api.get("/v2/token_auth").data().path("account_id").asString() + "/tasks";

            Path big = Files.writeString(work.resolve("big.csv"), TestPlugins.greetInput(3_000_000, 0)); // more than the disk holds
            Api.Reply tooBig = api.putCsv("/v2/tasks?category=greetings&action=import", big);
            assertThat(tooBig.status()).as(tooBig.body()).isEqualTo(507);
            assertThat(tooBig.json().path("data").path("setting").asString()).isEqualTo("batchworks.data-dir");
            assertThat(api.get(tasks).json().path("data")).as("no task").isEmpty();
            assertThat(filesUnder(disk.resolve("tasks"))).as("no file left of the upload").isEmpty();

            String id = api.putCsv("/v2/tasks?category=greetings&action=import", TestPlugins.greetInput(ROWS, BAD_EVERY))
                    .task().path("id").asString();
            Path filler = disk.resolve("filler");
            Files.write(filler, new byte[(int) Math.max(0, Files.getFileStore(disk).getUsableSpace() - 64 * 1024)]);
            assertThat(api.patch("/v2/tasks/" + id).status()).isEqualTo(200);
            // the engine says why, in its log; in the run's record too where the database is not on the full disk
            Engines.await(Duration.ofSeconds(60), "a run cut off by the full disk", () -> logged(engine, FULL));
            assertThat(api.get("/v2/tasks/" + id + "/runs").body().contains(FULL)).isEqualTo(db.isPostgres());
            JsonNode stalled = api.get("/v2/tasks/" + id).task();
            assertThat(stalled.path("success_count").asLong() + stalled.path("failure_count").asLong()).isLessThan(ROWS);
            String partial = api.getCsv("/v2/tasks/" + id + "?csv_name=out.csv").body();
            assertThat(partial).as("whole lines only").endsWith("\n");

            Files.delete(filler);
            JsonNode done = api.awaitEnd(id, Duration.ofSeconds(120));
            assertThat(done.path("status").asString()).as(done.toString()).isEqualTo("partial");
            assertThat(done.path("failure_count").asLong()).isEqualTo(ROWS / BAD_EVERY);
            assertThat(done.path("success_count").asLong()).isEqualTo(ROWS - ROWS / BAD_EVERY);
            List<String> failed = api.getCsv("/v2/tasks/" + id + "?csv_name=out.csv").body().lines().skip(1).toList();
            assertThat(failed).as("each failed row once").hasSize(ROWS / BAD_EVERY).doesNotHaveDuplicates();
            assertThat(api.get("/v2/greetings-written/" + id).json().path("written").asLong()).isEqualTo(ROWS - ROWS / BAD_EVERY);
        } finally {
            run("umount", disk.toString());
        }
    }

    private static boolean logged(Engines.Forked engine, String text) {
        try {
            return Files.readString(engine.log()).contains(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Path> filesUnder(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (Stream<Path> all = Files.walk(dir)) {
            return all.filter(Files::isRegularFile).toList();
        }
    }

    /** Mounting needs root: outside CI a machine without it skips the test; in CI it fails it. */
    private static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            String why = String.join(" ", command) + " failed: " + output;
            if (!"true".equalsIgnoreCase(System.getenv("CI"))) {
                Assumptions.abort(why + " (outside CI, so skipped)");
            }
            throw new AssertionError(why);
        }
    }
}
