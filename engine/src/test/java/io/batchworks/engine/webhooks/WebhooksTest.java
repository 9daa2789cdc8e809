package io.batchworks.engine.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.batchworks.engine.plugins.TestPlugins;
import io.batchworks.engine.support.EngineScenarios;
import io.batchworks.engine.support.Engines;
import io.batchworks.engine.support.OnBothDatabases;
import io.batchworks.testapi.Api;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

/**
 * Kazoo's webhooks: a receiver that refuses the first deliveries gets every task event once it answers, each exactly as
 * signed; hooks are narrowed by their custom_data and never told of another account's tasks; a receiver that stalls
 * times out and gets the event again; a hook that fails too often is disabled with its reason and enabled again; a schedule's skipped fire is told; loopback, link-local and
 * metadata addresses are refused.
 */
@OnBothDatabases
class WebhooksTest extends EngineScenarios {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @Override
    protected void prepare(Path work) throws Exception {
        TestPlugins.greet("1.0.0", "Hello").buildTo(work.resolve("plugins/greet.jar"));
    }

    @Override
    protected String[] engineArgs() {
        return new String[] {"--batchworks.webhooks.allowed-hosts=127.0.0.1", "--batchworks.webhooks.backoff=200ms",
                "--batchworks.webhooks.timeout=1s",
                "--batchworks.webhooks.disable-after=2", "--greetings.import.chunk-size=10", "--greetings.import.wait-after-row-ms=5"};
    }

    @Test
    void aReceiverThatRefusesAtFirstGetsEveryTaskEventExactlyAsSigned() throws Exception {
        try (Receiver receiver = new Receiver(2); Receiver failures = new Receiver(0); Receiver other = new Receiver(0)) {
            JsonNode hook = created(master, Map.of("name", "greetings", "uri", receiver.uri(), "hook", "task", "retries", 3,
                    "custom_data", Map.of("category", "greetings", "event", List.of("started", "ended"), "team", "ops")));
            created(master, Map.of("name", "failures only", "uri", failures.uri(), "hook", "task", "custom_data", Map.of("status", "failure")));
            String b = api.createAccount(master, Map.of("name", "b"));
            created(b, Map.of("name", "b's", "uri", other.uri(), "hook", "all", "include_subaccounts", true), api.loginAs(b));

            String clean = api.createAndStart("category=greetings&action=import", "name\nann\nbob\n");
            String partial = api.createAndStart("category=greetings&action=import", "name\nann\n1\n");
            assertThat(api.awaitEnd(clean, TIMEOUT).path("status").asString()).isEqualTo("success");
            assertThat(api.awaitEnd(partial, TIMEOUT).path("status").asString()).isEqualTo("partial");
            Engines.await(TIMEOUT, "four events received", () -> receiver.accepted().size() >= 4);
            Thread.sleep(1_000); // nothing more comes

            List<Receiver.Request> got = receiver.accepted();
            assertThat(got).hasSize(4);
            assertThat(receiver.requests()).as("the first two refused, then sent again").hasSize(6);
            assertThat(got.stream().map(Receiver.Request::eventId)).doesNotHaveDuplicates();
            for (Receiver.Request r : got) {
                assertThat(r.method()).isEqualTo("POST");
                assertThat(r.signature()).isEqualTo(WebhookSender.signature(hook.path("secret").asString(), Long.parseLong(r.timestamp()), r.body()));
                JsonNode event = Api.JSON.readTree(r.body());
                assertThat(event.path("event_id").asString()).isEqualTo(r.eventId());
                assertThat(event.path("hook_event").asString()).isEqualTo("task");
                assertThat(event.path("team").asString()).as("custom_data added").isEqualTo("ops");
                assertThat(event.path("account_id").asString()).isEqualTo(master);
            }
            Map<String, String> ends = new LinkedHashMap<>();
            got.stream().map(r -> Api.JSON.readTree(r.body())).filter(e -> e.path("event").asString().equals("ended"))
                    .forEach(e -> ends.put(e.path("task_id").asString(), e.path("status").asString() + " " + e.path("success_count").asLong()
                            + "/" + e.path("failure_count").asLong()));
            assertThat(ends).containsEntry(clean, "success 2/0").containsEntry(partial, "partial 1/1");
            assertThat(failures.requests()).as("narrowed to failures: none").isEmpty();
            assertThat(other.requests()).as("another account's hook is told nothing of these").isEmpty();

            JsonNode attempts = api.get("/v2/accounts/" + master + "/webhooks/" + hook.path("id").asString() + "/attempts").data();
            assertThat(attempts).hasSize(6);
            // senders record attempts in the order they end, not the order they were sent: judged by content, not position
            List<JsonNode> failed = attempts.valueStream().filter(a -> a.path("result").asString().equals("failure")).toList();
            assertThat(failed).as("the two refusals").hasSize(2);
            assertThat(failed).as("the first failure: all 3 retries ahead").anyMatch(a -> a.path("retries left").asInt() == 3);
            JsonNode told = api.get("/v2/accounts/" + master + "/webhooks/attempts?task_id=" + clean).data();
            assertThat(told).as("the task's page asks which hooks were told of it").isNotEmpty()
                    .allMatch(a -> a.path("hook_id").asString().equals(hook.path("id").asString()));
        }
    }

    @Test
    void aHookThatFailsTooOftenIsDisabledWithItsReasonAndEnabledAgain() throws Exception {
        try (Receiver down = new Receiver(0)) {
            down.refuseAll = true;
            JsonNode hook = created(master, Map.of("name", "down", "uri", down.uri(), "hook", "task", "retries", 0));
            String id = hook.path("id").asString();
            String task = api.createAndStart("category=greetings&action=import", "name\nann\n");
            api.awaitEnd(task, TIMEOUT);
            Engines.await(TIMEOUT, "disabled", () -> !api.get(hookPath(master, id)).data().path("enabled").asBoolean());
            JsonNode disabled = api.get(hookPath(master, id)).data();
            assertThat(disabled.path("disable_reason").asString()).contains("2 deliveries in a row failed", "503");
            JsonNode listed = api.get("/v2/accounts/" + master + "/webhooks").data();
            assertThat(listed.toString()).contains("disable_reason");

            Api.Reply again = api.patch("/v2/accounts/" + master + "/webhooks", "{\"data\":{\"re-enable\":true}}");
            assertThat(again.status()).as(again.body()).isEqualTo(200);
            JsonNode enabled = api.get(hookPath(master, id)).data();
            assertThat(enabled.path("enabled").asBoolean()).isTrue();
            assertThat(enabled.has("disable_reason")).isFalse();
            assertThat(api.delete(hookPath(master, id)).status()).isEqualTo(200);
        }
    }

    @Test
    void aReceiverThatStallsTimesOutWithoutHoldingTheTaskAndGetsTheEventOnTheNextAttempt() throws Exception {
        try (Receiver slow = new Receiver(0)) {
            slow.stallMs = 5_000;
            created(master, Map.of("name", "slow", "uri", slow.uri(), "hook", "task", "custom_data", Map.of("event", "ended")));
            long started = System.currentTimeMillis();
            String task = api.createAndStart("category=greetings&action=import", "name\nann\n");
            assertThat(api.awaitEnd(task, TIMEOUT).path("status").asString()).isEqualTo("success");
            // the receiver has the request before the engine has recorded its answer: wait for the record
            Engines.await(TIMEOUT, "delivered on the next attempt", () -> !slow.accepted().isEmpty()
                    && api.get("/v2/accounts/" + master + "/webhooks/attempts?task_id=" + task).data().size() >= 2);
            List<JsonNode> attempts = List.of(api.get("/v2/accounts/" + master + "/webhooks/attempts?task_id=" + task).data().get(1),
                    api.get("/v2/accounts/" + master + "/webhooks/attempts?task_id=" + task).data().get(0));
            assertThat(attempts.get(0).path("result").asString()).isEqualTo("failure");
            assertThat(attempts.get(0).path("reason").asString()).as("timed out after a second").contains("Timeout");
            assertThat(attempts.get(1).path("result").asString()).isEqualTo("success");
            assertThat(slow.accepted().get(0).eventId()).isEqualTo(slow.requests().get(0).eventId());
            assertThat(System.currentTimeMillis() - started).as("neither the task nor its retry waited out the stall").isLessThan(30_000);
        }
    }

    @Test
    void aSchedulesSkippedFireIsTold() throws Exception {
        try (Receiver receiver = new Receiver(0)) {
            created(master, Map.of("name", "schedules", "uri", receiver.uri(), "hook", "schedule", "http_verb", "get"));
            String path = "/v2/accounts/" + master + "/task_schedules";
            String schedule = api.putJson(path, Map.of("data", Map.of("category", "greetings", "action", "import", "every", "1s",
                    "enabled", false))).data().path("id").asString();
            api.send("PUT", path + "/" + schedule + "/input", "text/csv", TestPlugins.greetInput(600, 0));
            api.patch(path + "/" + schedule, "{\"data\":{\"enabled\":true}}");
            Engines.await(TIMEOUT, "a skipped fire told", () -> !receiver.accepted().isEmpty());
            api.patch(path + "/" + schedule, "{\"data\":{\"enabled\":false}}");
            Receiver.Request told = receiver.accepted().get(0);
            assertThat(told.method()).isEqualTo("GET");
            assertThat(told.query()).contains("hook_event=schedule", "event=fire_skipped", "schedule_id=" + schedule);
        }
    }

    @Test
    void loopbackLinkLocalAndMetadataAddressesAreRefused() {
        for (String uri : List.of("http://169.254.169.254/latest/meta-data", "http://localhost:8000/", "http://[::1]/x",
                "http://0.0.0.0/", "ftp://example.com/", "not a uri")) {
            Api.Reply refused = api.putJson("/v2/accounts/" + master + "/webhooks",
                    Map.of("data", Map.of("name", "n", "uri", uri, "hook", "task")));
            assertThat(refused.status()).as(uri + ": " + refused.body()).isEqualTo(400);
            assertThat(refused.json().path("data").has("uri")).isTrue();
        }
        Api.Reply hook = api.putJson("/v2/accounts/" + master + "/webhooks", Map.of("data", Map.of("name", "n", "uri", "http://x/", "hook", "calls")));
        assertThat(hook.status()).isEqualTo(400);
        assertThat(hook.json().path("data").has("hook")).isTrue();
        JsonNode hooks = api.get("/v2/webhooks").data();
        assertThat(hooks.toString()).contains("\"id\":\"task\"", "\"id\":\"schedule\"", "modifiers");
    }

    /** Each test's hooks go with it: a later test's tasks are not told to a receiver that is closed. */
    @AfterEach
    void deleteTheHooks() {
        api.get("/v2/accounts/" + master + "/webhooks").data().forEach(w -> api.delete(hookPath(master, w.path("id").asString())));
    }

    private JsonNode created(String account, Map<String, Object> data) {
        return created(account, data, api);
    }

    private static JsonNode created(String account, Map<String, Object> data, Api as) {
        Api.Reply created = as.putJson("/v2/accounts/" + account + "/webhooks", Map.of("data", data));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.data();
    }

    private static String hookPath(String account, String id) {
        return "/v2/accounts/" + account + "/webhooks/" + id;
    }
}
