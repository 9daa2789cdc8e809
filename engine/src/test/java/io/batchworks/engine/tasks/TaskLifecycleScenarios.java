package io.batchworks.engine.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.batchworks.engine.plugins.TestPlugins;
import io.batchworks.engine.support.Api;
import io.batchworks.engine.support.EngineScenarios;
import io.batchworks.engine.support.Engines;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

/**
 * A task's moves through the Kazoo tasks API, on a small test plugin whose rows are slow: each is allowed from some
 * statuses only, and an illegal one is refused with one 409 that names the task's status and where the move is
 * allowed from.
 */
public abstract class TaskLifecycleScenarios extends EngineScenarios {

    @Override
    protected void prepare(Path work) throws Exception {
        TestPlugins.greet("1.0.0", "Hello").buildTo(work.resolve("plugins/greet.jar"));
    }

    @Override
    protected String[] engineArgs() {
        return new String[] {"--greetings.import.chunk-size=10", "--greetings.import.wait-after-row-ms=10"};
    }

    @Test
    void eachMoveIsAllowedFromItsStatusesOnlyAndRefusedWithOneMessage() throws Exception {
        String names = IntStream.range(0, 200).mapToObj(i -> "n" + (char) ('a' + i % 26) + (char) ('a' + i / 26))
                .collect(Collectors.joining("\n", "name\n", "\n"));
        String id = api.putCsv("/v2/tasks?category=greetings&action=import", names).task().path("id").asString();
        String path = "/v2/tasks/" + id;

        assertRefused(api.patch(path + "/stop"), "cannot stop a task that is pending", "pending", "executing");
        assertThat(api.patch(path).task().path("status").asString()).isEqualTo("executing");
        assertRefused(api.patch(path), "cannot restart a task that is executing", "executing", "stopped", "internal_error");
        assertRefused(api.delete(path), "cannot delete a task that is executing", "executing",
                "pending", "success", "partial", "failure", "stopped", "internal_error");

        Engines.await(Duration.ofSeconds(30), "a chunk committed", () -> api.get(path).task().path("success_count").asInt() > 0);
        JsonNode stopped = api.patch(path + "/stop").task();
        assertThat(stopped.path("status").asString()).isEqualTo("stopped");
        assertThat(stopped.path("success_count").asInt() % 10).as("stopped at a chunk boundary").isZero();

        assertThat(api.patch(path).task().path("status").asString()).isEqualTo("executing");
        JsonNode done = Engines.awaitEnd(api, id, Duration.ofSeconds(60));
        assertThat(done.path("status").asString()).isEqualTo("success");
        assertThat(done.path("success_count").asInt()).isEqualTo(200);
        assertRefused(api.patch(path), "cannot restart a task that is success", "success", "stopped", "internal_error");

        assertThat(api.delete(path).status()).isEqualTo(200);
        assertThat(api.get(path).status()).isEqualTo(404);
    }

    private static void assertRefused(Api.Reply reply, String message, String status, String... allowedFrom) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(409);
        assertThat(reply.json().path("message").asString()).isEqualTo(message);
        assertThat(reply.data().path("status").asString()).isEqualTo(status);
        List<String> allowed = new ArrayList<>();
        reply.data().path("allowed_from").forEach(s -> allowed.add(s.asString()));
        assertThat(allowed).containsExactlyInAnyOrder(allowedFrom);
    }
}
