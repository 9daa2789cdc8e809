package io.batchworks.engine.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import io.batchworks.engine.plugins.TestPlugins;
import io.batchworks.engine.support.Api;
import io.batchworks.engine.support.Engines;
import io.batchworks.engine.support.ForkedScenarios;
import io.batchworks.engine.support.TestDatabase;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import tools.jackson.databind.JsonNode;

/**
 * The engine's own recovery, on a test plugin: a task running when its engine process is killed ({@code kill -9})
 * is resumed by that node when it starts again, from its last committed chunk; stopped gracefully (SIGTERM) it
 * pauses at a chunk boundary and resumes at the next start; and every row is written once. The task is split in two
 * partitions on the node's own threads, so this is also the kill of a split task without a broker, on both databases.
 */
@Execution(ExecutionMode.CONCURRENT) // forked engines that mostly wait: beside the other tests (junit.parallel, parent POM)
public abstract class CrashRecoveryScenarios extends ForkedScenarios {

    private static final int ROWS = 3_000;
    /** Slow enough for a kill to land mid-task; split over two local threads, so each partition resumes on its own. */
    private static final String[] SLOW_ROWS = {"--greetings.import.chunk-size=50", "--greetings.import.wait-after-row-ms=2",
        "--batchworks.partition.threads=2"};

    @Override
    protected void prepare(Path work) throws Exception {
        TestPlugins.greet("1.0.0", "Hello").buildTo(work.resolve("plugins/greet.jar"));
    }

    @Test
    void aTaskKilledThenStoppedGracefullyResumesAtEachStartAndWritesEachRowOnce() throws Exception {
        String names = TestPlugins.greetInput(ROWS, 0);
        try (TestDatabase db = database()) {
            String id;
            long atKill;
            try (Engines.Forked first = new Engines.Forked(db, work, SLOW_ROWS)) {
                Api api = first.api();
                id = api.putCsv("/v2/tasks?category=greetings&action=import", names).task().path("id").asString();
                assertThat(api.patch("/v2/tasks/" + id).status()).isEqualTo(200);
                Engines.await(Duration.ofSeconds(60), "some chunks committed",
                        () -> api.get("/v2/tasks/" + id).task().path("success_count").asLong() >= 500);
                atKill = api.get("/v2/tasks/" + id).task().path("success_count").asLong();
                first.kill();
                assertThat(Files.readString(first.log())).as("split").contains("Executing step: [partitions-2]");
            }
            assertThat(atKill).as("the kill must land mid-task").isLessThan(ROWS);
            try (Engines.Forked second = new Engines.Forked(db, work, SLOW_ROWS)) {
                Api api = second.api();
                assertThat(api.get("/v2/tasks/" + id).task().path("success_count").asLong())
                        .as("committed chunks survive the kill").isGreaterThanOrEqualTo(atKill);
                Engines.await(Duration.ofSeconds(60), "resumed and going on",
                        () -> api.get("/v2/tasks/" + id).task().path("success_count").asLong() >= atKill + 500);
                assertThat(Files.readString(second.log())).contains("Resuming task " + id);
                second.close(); // SIGTERM
                assertThat(Files.readString(second.log())).contains("Task " + id + " paused at a chunk boundary for the shutdown");
            }
            try (Engines.Forked third = new Engines.Forked(db, work, SLOW_ROWS)) {
                Api api = third.api();
                JsonNode paused = api.get("/v2/tasks/" + id).task();
                assertThat(paused.path("success_count").asLong()).as("stopped mid-task").isLessThan(ROWS);
                JsonNode done = Engines.awaitEnd(api, id, Duration.ofSeconds(120));
                assertThat(Files.readString(third.log())).contains("Resuming task " + id);
                assertThat(done.path("status").asString()).isEqualTo("success");
                assertThat(done.path("success_count").asLong()).isEqualTo(ROWS);
                JsonNode written = api.get("/v2/greetings-written/" + id).json();
                assertThat(written.path("written").asLong()).as("rows written").isEqualTo(ROWS);
                assertThat(written.path("names").asLong()).as("each once").isEqualTo(ROWS);
            }
        }
    }
}
