package io.batchworks.engine.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;

import io.batchworks.engine.plugins.TestPlugins;
import io.batchworks.engine.support.EngineScenarios;
import io.batchworks.engine.support.OnBothDatabases;
import io.batchworks.testapi.Api;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

/**
 * A create sent again with the same {@code Idempotency-Key} (a client retrying after a lost reply) makes one task and
 * gets the first reply again; the key sent with another request is refused; a key is the account's own.
 */
@OnBothDatabases
class IdempotencyTest extends EngineScenarios {

    private static final String CREATE = "/v2/tasks?category=greetings&action=import";

    @Override
    protected void prepare(Path work) throws Exception {
        TestPlugins.greet("1.0.0", "Hello").buildTo(work.resolve("plugins/greet.jar"));
    }

    @Test
    void aCreateSentAgainMakesOneTaskAndGetsTheFirstReplyAgain() {
        String csv = TestPlugins.greetInput(50, 0);
        Api keyed = api.with("Idempotency-Key", "import-" + kind + "-1");
        Api.Reply first = keyed.putCsv(CREATE, csv);
        Api.Reply again = keyed.putCsv(CREATE, csv);
        assertThat(first.status()).as(first.body()).isEqualTo(201);
        assertThat(again.status()).isEqualTo(201);
        assertThat(again.body()).isEqualTo(first.body());
        assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(first.header("Idempotent-Replayed")).isNull();
        String id = first.task().path("id").asString();
        assertThat(tasksNamed(id)).isEqualTo(1);
        // a create without a key, or with another, is a create of its own
        assertThat(api.putCsv(CREATE, csv).task().path("id").asString()).isNotEqualTo(id);
        assertThat(api.with("Idempotency-Key", "import-" + kind + "-2").putCsv(CREATE, csv).task().path("id").asString())
                .isNotEqualTo(id);
    }

    @Test
    void theKeyWithAnotherRequestIsRefusedNamingTheHeader() {
        Api keyed = api.with("Idempotency-Key", "other-" + kind);
        assertThat(keyed.putCsv(CREATE, TestPlugins.greetInput(5, 0)).status()).isEqualTo(201);
        Api.Reply otherBody = keyed.putCsv(CREATE, TestPlugins.greetInput(6, 0));
        assertThat(otherBody.status()).isEqualTo(422);
        assertThat(otherBody.json().path("data").path("Idempotency-Key").path("message").asString())
                .contains("another request");
        assertThat(keyed.putCsv("/v2/tasks?category=greetings&action=import&name=x", TestPlugins.greetInput(5, 0)).status())
                .isEqualTo(422);
        Api.Reply bad = api.with("Idempotency-Key", "x".repeat(256)).putCsv(CREATE, TestPlugins.greetInput(5, 0));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().path("data").has("Idempotency-Key")).isTrue();
    }

    @Test
    void aRefusedCreateLeavesTheKeyFreeAndKeysAreEachAccountsOwn() {
        Api keyed = api.with("Idempotency-Key", "shared-" + kind);
        // a refused create is not kept: fixed and sent again with the same key, it runs
        assertThat(keyed.putCsv("/v2/tasks?category=greetings&action=nothing", "name\nann\n").status()).isEqualTo(404);
        assertThat(keyed.putCsv(CREATE, "name\nann\n").status()).isEqualTo(201);
        String other = api.createAccount(master, Map.of("name", "other-" + kind));
        Api otherAccount = api.loginAs(other).with("Idempotency-Key", "shared-" + kind);
        // the same request with the same key from another account is its own: not given the first account's task, but
        // answered as that account (which may not create greetings tasks)
        Api.Reply theirs = otherAccount.putCsv(CREATE, "name\nann\n");
        assertThat(theirs.status()).as(theirs.body()).isEqualTo(403);
        assertThat(theirs.header("Idempotent-Replayed")).isNull();
    }

    @Test
    void theApiDocumentOffersTheHeaderOnTheCreates() {
        JsonNode put = api.as(null).get("/v3/api-docs").json().path("paths").path("/v2/tasks").path("put");
        assertThat(put.path("parameters").toString()).contains("\"name\":\"Idempotency-Key\"", "\"in\":\"header\"");
        assertThat(put.path("responses").has("422")).isTrue();
        assertThat(put.path("responses").has("409")).isTrue();
    }

    private long tasksNamed(String id) {
        long n = 0;
        for (var task : api.get("/v2/accounts/" + master + "/tasks").data()) {
            n += task.path("id").asString().equals(id) ? 1 : 0;
        }
        return n;
    }
}
