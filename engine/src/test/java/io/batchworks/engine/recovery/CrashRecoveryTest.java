package io.batchworks.engine.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import io.batchworks.engine.plugins.TestPlugins;
import io.batchworks.testapi.Api;
import io.batchworks.engine.support.Engines;
import io.batchworks.engine.support.ForkedScenarios;
import io.batchworks.engine.support.OnBothDatabases;
import io.batchworks.engine.support.TestDatabase;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import tools.jackson.databind.JsonNode;

/**
 * The engine's own recovery, on a test plugin: a task running when its engine process is killed ({@code kill -9})
 * is resumed by that node when it starts again, from its last committed chunk; stopped gracefully (SIGTERM) it
 * pauses at a chunk boundary and resumes at the next start; and every row is written once. A task waiting for it
 * ({@code after=}) outlives both and starts by itself once it has ended. The task is split in two
 * partitions on the node's own threads, so this is also the kill of a split task without a broker, on both databases.
 */
@Execution(ExecutionMode.CONCURRENT) // forked engines that mostly wait: beside the other tests (junit.parallel, parent POM)
@OnBothDatabases
public class CrashRecoveryTest extends ForkedScenarios {

    private static final int ROWS = 3_000;
    /** Slow enough for a kill to land mid-task; split over two local threads, so each partition resumes on its own. */
    private static final String[] SLOW_ROWS = {"--greetings.import.chunk-size=50", "--greetings.import.wait-after-row-ms=2",
        "--batchworks.partition.threads=2"};

    /** Not split, and a chunk takes a second: a kill lands between a restart's step being stored and its first commit. */
    private static final String[] SECOND_CHUNKS = {"--greetings.import.chunk-size=100", "--greetings.import.wait-after-row-ms=10"};

    @Override
    protected void prepare(Path work) throws Exception {
        TestPlugins.greet("1.0.0", "Hello").buildTo(work.resolve("plugins/greet.jar"));
    }

    @Test
    void aTaskKilledThenStoppedGracefullyResumesAtEachStartAndWritesEachRowOnce() throws Exception {
        String names = TestPlugins.greetInput(ROWS, 0);
        try (TestDatabase db = database()) {
            String id;
            String waiting;
            long atKill;
            try (Engines.Forked first = new Engines.Forked(db, work, SLOW_ROWS)) {
                Api api = first.api();
                id = api.createAndStart("category=greetings&action=import", names);
                // a task waiting for it outlives the kill and the graceful stop, and starts once it has ended
                waiting = api.putCsv("/v2/tasks?category=greetings&action=import&after=" + id, "name\nwaiter\n").task()
                        .path("id").asString();
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
                JsonNode done = api.awaitEnd(id, Duration.ofSeconds(120));
                assertThat(Files.readString(third.log())).contains("Resuming task " + id);
                assertThat(done.path("status").asString()).isEqualTo("success");
                assertThat(done.path("success_count").asLong()).isEqualTo(ROWS);
                JsonNode written = api.get("/v2/greetings-written/" + id).json();
                assertThat(written.path("written").asLong()).as("rows written").isEqualTo(ROWS);
                assertThat(written.path("names").asLong()).as("each once").isEqualTo(ROWS);
                JsonNode after = api.awaitEnd(waiting, Duration.ofSeconds(60));
                assertThat(after.path("status").asString()).isEqualTo("success");
                assertThat(after.path("success_count").asLong()).isEqualTo(1);
            }
        }
    }

    /**
     * The moment a restart is most fragile: its step execution is stored, its first chunk not yet committed. A kill
     * there must leave the position of the last committed chunk for the next restart, not an empty one that sends it
     * back to the first row (which would count and write every row before it twice).
     */
    @Test
    void aRestartKilledBeforeItsFirstChunkResumesFromTheLastCommittedChunk() throws Exception {
        int rows = 1_000;
        String names = TestPlugins.greetInput(rows, 0);
        try (TestDatabase db = database()) {
            String id;
            try (Engines.Forked first = new Engines.Forked(db, work, SECOND_CHUNKS)) {
                Api api = first.api();
                id = api.createAndStart("category=greetings&action=import", names);
                Engines.await(Duration.ofSeconds(60), "three chunks committed",
                        () -> api.get("/v2/tasks/" + id).task().path("success_count").asLong() >= 300);
                first.kill();
            }
            try (Engines.Forked second = new Engines.Forked(db, work, SECOND_CHUNKS)) {
                Api api = second.api();
                Engines.await(Duration.ofSeconds(30), "the resumed run's step stored", () -> stepsOfRuns(api, id) == 2);
                second.kill(); // its first chunk takes a second: none committed
            }
            try (Engines.Forked third = new Engines.Forked(db, work, SECOND_CHUNKS)) {
                Api api = third.api();
                JsonNode done = api.awaitEnd(id, Duration.ofSeconds(120));
                assertThat(done.path("status").asString()).isEqualTo("success");
                assertThat(done.path("success_count").asLong()).as("each row counted once").isEqualTo(rows);
                JsonNode written = api.get("/v2/greetings-written/" + id).json();
                assertThat(written.path("written").asLong()).as("each row written once").isEqualTo(rows);
                long read = 0;
                for (JsonNode run : api.get("/v2/tasks/" + id + "/runs").data().path("runs")) {
                    for (JsonNode step : run.path("steps")) {
                        read += step.path("read_count").asLong();
                    }
                }
                assertThat(read).as("the runs read each row once between them").isEqualTo(rows);
            }
        }
    }

    /** How many of the task's runs have a step stored. */
    private static long stepsOfRuns(Api api, String id) {
        long stored = 0;
        for (JsonNode run : api.get("/v2/tasks/" + id + "/runs").data().path("runs")) {
            if (!run.path("steps").isEmpty()) {
                stored++;
            }
        }
        return stored;
    }
}
