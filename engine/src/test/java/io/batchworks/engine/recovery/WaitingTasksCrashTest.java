package io.batchworks.engine.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;

import io.batchworks.engine.plugins.TestPlugins;
import io.batchworks.engine.support.Engines;
import io.batchworks.engine.support.ForkedScenarios;
import io.batchworks.engine.support.OnBothDatabases;
import io.batchworks.engine.support.TestDatabase;
import io.batchworks.testapi.Api;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import tools.jackson.databind.JsonNode;

/**
 * A task that waits for another outlives a {@code kill -9} of its engine while the task it waits for runs: when the
 * engine starts again, the task waited for resumes and ends, and the waiting task then starts by itself.
 */
@Execution(ExecutionMode.CONCURRENT) // forked engines that mostly wait: beside the other tests (junit.parallel, parent POM)
@OnBothDatabases
public class WaitingTasksCrashTest extends ForkedScenarios {

    private static final String CREATE = "/v2/tasks?category=greetings&action=import";
    private static final String[] SLOW_ROWS = {"--greetings.import.chunk-size=50", "--greetings.import.wait-after-row-ms=2"};

    @Override
    protected void prepare(Path work) throws Exception {
        TestPlugins.greet("1.0.0", "Hello").buildTo(work.resolve("plugins/greet.jar"));
    }

    @Test
    void aWaitingTaskStartsAfterItsPrerequisiteResumesFromAKill() throws Exception {
        try (TestDatabase db = database()) {
            String first;
            String waiting;
            try (Engines.Forked engine = new Engines.Forked(db, work, SLOW_ROWS)) {
                Api api = engine.api();
                first = api.putCsv(CREATE, TestPlugins.greetInput(2_000, 0)).task().path("id").asString();
                waiting = api.putCsv(CREATE + "&after=" + first, TestPlugins.greetInput(100, 0)).task().path("id").asString();
                api.patch("/v2/tasks/" + first);
                Engines.await(Duration.ofSeconds(60), "some chunks committed",
                        () -> api.get("/v2/tasks/" + first).task().path("success_count").asLong() >= 200);
                long atKill = api.get("/v2/tasks/" + first).task().path("success_count").asLong();
                engine.kill();
                assertThat(atKill).as("the kill lands while the task waited for runs").isLessThan(2_000);
            }
            try (Engines.Forked engine = new Engines.Forked(db, work, SLOW_ROWS)) {
                Api api = engine.api();
                assertThat(api.get("/v2/tasks/" + waiting).task().path("waiting").asBoolean()).isTrue();
                JsonNode after = api.awaitEnd(waiting, Duration.ofSeconds(120));
                assertThat(after.path("status").asString()).isEqualTo("success");
                assertThat(after.path("success_count").asLong()).isEqualTo(100);
                JsonNode prerequisite = api.get("/v2/tasks/" + first).task();
                assertThat(prerequisite.path("status").asString()).isEqualTo("success");
                assertThat(prerequisite.path("success_count").asLong()).isEqualTo(2_000);
            }
        }
    }
}
