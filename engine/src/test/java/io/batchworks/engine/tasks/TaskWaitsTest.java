package io.batchworks.engine.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;

import io.batchworks.engine.plugins.TestPlugins;
import io.batchworks.engine.support.EngineScenarios;
import io.batchworks.engine.support.OnBothDatabases;
import io.batchworks.testapi.Api;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

/**
 * Tasks created with {@code after=}: a chain of three runs one after the other by itself; a task whose prerequisite
 * ends in a status it does not accept, or is deleted, ends failure without running, its reason naming that task; one
 * that accepts {@code any} runs all the same; waiting tasks cannot be started by hand.
 */
@OnBothDatabases
class TaskWaitsTest extends EngineScenarios {

    private static final String CREATE = "/v2/tasks?category=greetings&action=import";
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @Override
    protected void prepare(Path work) throws Exception {
        TestPlugins.greet("1.0.0", "Hello").buildTo(work.resolve("plugins/greet.jar"));
    }

    @Test
    void aChainOfThreeRunsOneAfterTheOtherByItself() throws Exception {
        String first = created(CREATE, TestPlugins.greetInput(100, 0));
        String second = created(CREATE + "&after=" + first, TestPlugins.greetInput(100, 0));
        String third = created(CREATE + "&after=" + second + "&after_status=success", TestPlugins.greetInput(100, 0));
        JsonNode waiting = task(third);
        assertThat(waiting.path("status").asString()).isEqualTo("pending");
        assertThat(waiting.path("waiting").asBoolean()).isTrue();
        assertThat(waiting.path("after_status").asString()).isEqualTo("success");
        assertThat(waiting.path("after").get(0).path("id").asString()).isEqualTo(second);
        Api.Reply byHand = api.patch("/v2/tasks/" + second);
        assertThat(byHand.status()).isEqualTo(409);
        assertThat(byHand.json().path("message").asString()).contains("waits for " + first, "starts by itself");

        api.patch("/v2/tasks/" + first);
        JsonNode last = api.awaitEnd(third, TIMEOUT);
        assertThat(last.path("status").asString()).isEqualTo("success");
        assertThat(last.path("waiting").asBoolean()).isFalse();
        JsonNode middle = task(second);
        assertThat(middle.path("status").asString()).isEqualTo("success");
        assertThat(middle.path("start_timestamp").asLong()).isGreaterThanOrEqualTo(task(first).path("end_timestamp").asLong());
        assertThat(last.path("start_timestamp").asLong()).isGreaterThanOrEqualTo(middle.path("end_timestamp").asLong());
    }

    @Test
    void aTaskWhosePrerequisiteEndsOtherwiseEndsFailureWithoutRunning() throws Exception {
        String failing = created(CREATE, "name\n1\n2\n"); // no name of letters: every row fails
        String gone = created(CREATE, "name\nann\n");
        String onSuccess = created(CREATE + "&after=" + failing, "name\nbob\n");
        String onAny = created(CREATE + "&after=" + failing + "&after_status=any", "name\ncid\n");
        String onGone = created(CREATE + "&after=" + gone, "name\ndee\n");
        assertThat(api.delete("/v2/tasks/" + gone).status()).isEqualTo(200);
        api.patch("/v2/tasks/" + failing);
        assertThat(api.awaitEnd(failing, TIMEOUT).path("status").asString()).isEqualTo("failure");

        JsonNode refused = api.awaitEnd(onSuccess, TIMEOUT);
        assertThat(refused.path("status").asString()).isEqualTo("failure");
        assertThat(refused.path("reason").asString()).contains("task " + failing, "ended failure", "not success or partial");
        assertThat(refused.has("start_timestamp")).as("never ran").isFalse();
        JsonNode deleted = api.awaitEnd(onGone, TIMEOUT);
        assertThat(deleted.path("status").asString()).isEqualTo("failure");
        assertThat(deleted.path("reason").asString()).contains("task " + gone, "deleted");
        assertThat(api.awaitEnd(onAny, TIMEOUT).path("status").asString()).isEqualTo("success");
    }

    @Test
    void whatToWaitForIsChecked() {
        Api.Reply unknown = api.putCsv(CREATE + "&after=nosuchtask", "name\nann\n");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().path("data").path("after").asString()).isEqualTo("nosuchtask");
        String before = created(CREATE, "name\nann\n");
        Api.Reply badStatus = api.putCsv(CREATE + "&after=" + before + "&after_status=sometimes", "name\nann\n");
        assertThat(badStatus.status()).isEqualTo(400);
        assertThat(badStatus.json().path("data").has("after_status")).isTrue();
        // the waits are not the task's parameters
        JsonNode task = task(created(CREATE + "&after=" + before + "&flavour=mild", "name\nann\n"));
        assertThat(task.toString()).doesNotContain("\"after\":\"" + before);
    }

    private String created(String path, String csv) {
        Api.Reply created = api.putCsv(path, csv);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.task().path("id").asString();
    }

    private JsonNode task(String id) {
        return api.get("/v2/tasks/" + id).data().path("_read_only");
    }
}
