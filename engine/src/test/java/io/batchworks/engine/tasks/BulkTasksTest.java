package io.batchworks.engine.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.batchworks.engine.plugins.TestPlugins;
import io.batchworks.engine.support.Engines;
import io.batchworks.engine.support.EngineScenarios;
import io.batchworks.engine.support.OnBothDatabases;
import io.batchworks.testapi.Api;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

/**
 * Bulk actions on an account's tasks chosen by the list's filters: stopping the running ones (and the queued ones),
 * deleting the stopped ones, each as if one by one (the same refusals, the same audit records), page by page.
 */
@OnBothDatabases
class BulkTasksTest extends EngineScenarios {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @Override
    protected void prepare(Path work) throws Exception {
        TestPlugins.tally().buildTo(work.resolve("plugins/tally.jar"));
    }

    @Override
    protected String[] engineArgs() {
        return new String[] {"--batchworks.task-threads=4"};
    }

    @Test
    void tasksChosenByFiltersAreStoppedOrDeletedAsIfOneByOne() throws Exception {
        String account = api.createAccount(master, Map.of("name", "bulk " + kind));
        String tasks = "/v2/accounts/" + account + "/tasks";
        assertThat(api.patch("/v2/accounts/" + account, "{\"data\": {\"task_limits\": {\"max_running\": 2}}}").status()).isEqualTo(200);
        String done = started(tasks, 10);
        api.awaitEnd(done, TIMEOUT);
        List<String> running = List.of(started(tasks, 100_000), started(tasks, 100_000));
        String queued = started(tasks, 10);
        String neverStarted = api.putCsv(tasks + "?category=tally&action=import", rows(10)).task().path("id").asString();
        for (String id : running) {
            Engines.await(TIMEOUT, "running", () -> api.get("/v2/tasks/" + id).task().path("success_count").asLong() > 0);
        }
        assertThat(api.patch(tasks + "/stop?created_after=yesterday").data().has("created_after")).isTrue();
        Api other = api.loginAs(api.createAccount(master, Map.of("name", "bulk other " + kind)));
        assertThat(other.patch(tasks + "/stop").status()).isEqualTo(403);
        assertThat(api.patch(tasks + "/stop?created_before=2000-01-01T00:00:00Z").data().path("stopped")).as("none that old").isEmpty();

        Api.Reply stopQueued = api.patch(tasks + "/stop?status=pending");
        assertThat(ids(stopQueued.data().path("stopped"))).as("the queued one leaves the queue").containsExactly(queued);
        assertThat(refusals(stopQueued)).containsExactly(Map.entry(neverStarted, "cannot stop a task that is pending: it was not started"));
        Api.Reply stopRunning = api.patch(tasks + "/stop?status=executing&category=tally");
        assertThat(stopRunning.status()).as(stopRunning.body()).isEqualTo(200);
        assertThat(ids(stopRunning.data().path("stopped"))).containsExactlyInAnyOrderElementsOf(running);
        assertThat(stopRunning.data().path("refused")).isEmpty();
        assertThat(refusals(api.patch(tasks + "/stop?status=success"))).containsExactly(Map.entry(done, "cannot stop a task that is success"));
        for (String id : running) {
            assertThat(api.awaitEnd(id, TIMEOUT).path("status").asString()).isEqualTo("stopped");
        }

        Api.Reply firstPage = api.delete(tasks + "?status=stopped&page_size=2");
        assertThat(firstPage.data().path("deleted")).hasSize(2);
        String next = firstPage.json().path("next_start_key").asString();
        Api.Reply secondPage = api.delete(tasks + "?status=stopped&page_size=2&start_key=" + next);
        assertThat(secondPage.data().path("deleted")).hasSize(1);
        assertThat(secondPage.json().has("next_start_key")).isFalse();
        for (String id : List.of(running.get(0), running.get(1), queued)) {
            assertThat(api.get("/v2/tasks/" + id).status()).isEqualTo(404);
            assertThat(api.get("/v2/audit?target_id=" + id).data().valueStream().map(e -> e.path("action").asString()))
                    .as("audited as one by one").contains("stop", "delete");
        }
        assertThat(ids(api.get(tasks).data())).containsExactlyInAnyOrder(done, neverStarted);
    }

    private String started(String tasks, int rows) {
        return api.start(api.putCsv(tasks + "?category=tally&action=import&pause_ms=20", rows(rows)));
    }

    private static List<String> ids(JsonNode list) {
        return list.valueStream().map(t -> t.path("id").asString()).toList();
    }

    private static Map<String, String> refusals(Api.Reply reply) {
        Map<String, String> why = new java.util.LinkedHashMap<>();
        reply.data().path("refused").forEach(r -> why.put(r.path("id").asString(), r.path("message").asString()));
        return why;
    }

    private static String rows(int n) {
        StringBuilder csv = new StringBuilder("n\n");
        for (int i = 0; i < n; i++) {
            csv.append(i).append('\n');
        }
        return csv.toString();
    }
}
