package io.batchworks.engine.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

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
 * A task's end told by a webhook survives a {@code kill -9} of the engine between the end and its delivery: the
 * receiver refuses while the engine runs, the engine is killed, and once it starts again the receiver gets the very
 * event (the same id) it had refused.
 */
@Execution(ExecutionMode.CONCURRENT) // forked engines that mostly wait: beside the other tests (junit.parallel, parent POM)
@OnBothDatabases
class WebhookCrashTest extends ForkedScenarios {

    private static final String[] ARGS = {"--batchworks.webhooks.allowed-hosts=127.0.0.1", "--batchworks.webhooks.backoff=1s",
        "--batchworks.webhooks.timeout=2s"};

    @Override
    protected void prepare(Path work) throws Exception {
        TestPlugins.greet("1.0.0", "Hello").buildTo(work.resolve("plugins/greet.jar"));
    }

    @Test
    void anEventNotYetDeliveredWhenTheEngineIsKilledIsDeliveredAfterItsRestart() throws Exception {
        try (TestDatabase db = database(); Receiver receiver = new Receiver(0)) {
            receiver.refuseAll = true;
            String task;
            try (Engines.Forked first = new Engines.Forked(db, work, ARGS)) {
                Api api = first.api();
                String account = api.get("/v2/token_auth").data().path("account_id").asString();
                Api.Reply hook = api.putJson("/v2/accounts/" + account + "/webhooks", Map.of("data", Map.of("name", "ends", "uri",
                        receiver.uri(), "hook", "task", "retries", 4, "custom_data", Map.of("event", "ended"))));
                assertThat(hook.status()).as(hook.body()).isEqualTo(201);
                task = api.createAndStart("category=greetings&action=import", "name\nann\n");
                api.awaitEnd(task, Duration.ofSeconds(60));
                Engines.await(Duration.ofSeconds(30), "the end refused once", () -> !receiver.requests().isEmpty());
                first.kill();
            }
            String refusedId = receiver.requests().get(0).eventId();
            receiver.refuseAll = false;
            try (Engines.Forked second = new Engines.Forked(db, work, ARGS)) {
                Engines.await(Duration.ofSeconds(60), "the end delivered after the restart", () -> !receiver.accepted().isEmpty());
                List<Receiver.Request> accepted = receiver.accepted();
                assertThat(accepted).hasSize(1);
                assertThat(accepted.get(0).eventId()).as("the very event refused before the kill").isEqualTo(refusedId);
                JsonNode event = Api.JSON.readTree(accepted.get(0).body());
                assertThat(event.path("task_id").asString()).isEqualTo(task);
                assertThat(event.path("status").asString()).isEqualTo("success");
            }
        }
    }
}
