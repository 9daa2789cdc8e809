package io.batchworks.engine.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.batchworks.engine.plugins.TestPlugins;
import io.batchworks.engine.support.Engines;
import io.batchworks.engine.support.EngineScenarios;
import io.batchworks.engine.support.OnBothDatabases;
import io.batchworks.testapi.Api;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

/**
 * How accounts share one engine. Fair dispatch on two slots: account A queues eight slow imports, then accounts B, C
 * and D each start a 1,000-row import and A's first is stopped; in the slot it frees, every one of B's, C's and D's
 * ends before A's third starts, and A's third is the one it queued last with priority high. Queued tasks show their
 * place; a queued task can be stopped out of the queue. An account's own limits, set by a super admin: the most it
 * runs at once, and quotas on pending tasks and bytes of files, over which a create answers 429 and makes nothing. A
 * task being claimed counts as a run here from before its claim, so recovery never takes it for one cut off.
 */
@OnBothDatabases
class AccountSharingTest extends EngineScenarios {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    @Override
    protected void prepare(Path work) throws Exception {
        TestPlugins.tally().buildTo(work.resolve("plugins/tally.jar"));
    }

    @Override
    protected String[] engineArgs() {
        return new String[] {"--batchworks.task-threads=2", "--batchworks.dashboard.sample-interval=1"};
    }

    @Test
    void smallTasksOfOtherAccountsRunBeforeTheThirdOfAnAccountThatQueuedMany() throws Exception {
        String a = account("fair-a");
        List<String> small = List.of(account("fair-b"), account("fair-c"), account("fair-d"));
        // A's tasks pause a second a chunk, so none ends by itself during the test: A's first is stopped once the
        // others are queued, and the slot it frees is the one they are served in
        String slow = rows(60_000);
        String a1 = start(a, slow, null, 1_000);
        Engines.await(TIMEOUT, "A's first import under way", () -> task(a1).path("success_count").asLong() > 0);
        List<String> queuedByA = new ArrayList<>();
        for (int i = 2; i <= 8; i++) {
            queuedByA.add(start(a, slow, i == 8 ? "high" : null, 1_000));
        }
        String a2 = queuedByA.get(0);
        String urgent = queuedByA.get(6);
        assertThat(task(a2).path("status").asString()).as("a slot was free").isEqualTo("executing");
        JsonNode waiting = task(urgent);
        assertThat(waiting.path("status").asString()).isEqualTo("pending");
        assertThat(waiting.path("priority").asString()).isEqualTo("high");
        assertThat(waiting.path("queue_place").asLong()).as("high goes first in A's own queue").isEqualTo(1);
        assertThat(waiting.has("queued_timestamp")).isTrue();
        assertThat(task(queuedByA.get(1)).path("queue_place").asLong()).isEqualTo(2);

        List<String> smallTasks = small.stream().map(account -> start(account, rows(1_000), null, 5)).toList();
        assertThat(api.patch("/v2/tasks/" + a1 + "/stop").status()).isEqualTo(200);
        for (String id : smallTasks) {
            assertThat(api.awaitEnd(id, TIMEOUT).path("status").asString()).isEqualTo("success");
        }
        Engines.await(TIMEOUT, "A's third started", () -> run(urgent, "start_time") != null);
        LocalDateTime third = run(urgent, "start_time");
        for (String id : smallTasks) {
            assertThat(run(id, "end_time")).as("ends before A's third starts").isBefore(third);
        }
        assertThat(smallTasks.stream().map(id -> run(id, "start_time")).toList()).as("in the order they were queued").isSorted();
        for (String id : queuedByA.subList(1, 6)) {
            assertThat(task(id).path("status").asString()).as("A's others still wait").isEqualTo("pending");
        }

        JsonNode board = api.get("/v2/accounts/" + master + "/dashboard").data();
        JsonNode ofA = board.path("accounts").valueStream().filter(r -> r.path("account_id").asString().equals(a)).findFirst().orElseThrow();
        assertThat(ofA.path("running").asLong() + ofA.path("waiting").asLong()).as(ofA.toString()).isEqualTo(7);
        assertThat(ofA.path("waiting").asLong()).isGreaterThanOrEqualTo(5);
        JsonNode today = board.path("tasks_per_day").get(13);
        assertThat(today.path("success").asLong()).as("B's, C's and D's, ended today").isGreaterThanOrEqualTo(3);
        Engines.await(TIMEOUT, "rows sampled", () -> api.get("/v2/accounts/" + master + "/dashboard").data().path("rows_per_second")
                .valueStream().mapToDouble(m -> m.path("rows_per_second").asDouble()).sum() > 0);
        JsonNode ofB = api.loginAs(small.get(0)).get("/v2/accounts/" + small.get(0) + "/dashboard").data();
        assertThat(ofB.has("rows_per_second")).as("the engine's throughput: super admins only").isFalse();
        assertThat(ofB.path("accounts").valueStream().map(r -> r.path("account_id").asString())).containsExactly(small.get(0));
        assertThat(ofB.path("tasks_per_day").get(13).path("success").asLong()).isEqualTo(1);

        Api.Reply unqueued = api.patch("/v2/tasks/" + queuedByA.get(5) + "/stop");
        assertThat(unqueued.status()).isEqualTo(200);
        assertThat(unqueued.task().path("status").asString()).as("taken out of the queue").isEqualTo("stopped");
        assertThat(unqueued.task().has("start_timestamp")).as("never ran").isFalse();
        String metrics = api.get("/actuator/prometheus").body();
        assertThat(metrics).contains("batchworks_tasks_wait_seconds_count{action=\"import\",category=\"tally\"");
        Engines.await(TIMEOUT, "the waiting gauge of A", () -> api.get("/actuator/prometheus").body()
                .contains("batchworks_tasks_waiting{account_id=\"" + a + "\"}"));
        // stop the rest, the queued ones first, so that no slot frees while one of them is queued for it
        List<String> rest = new ArrayList<>(queuedByA);
        rest.removeAll(List.of(a2, urgent));
        rest.addAll(List.of(a2, urgent));
        for (String id : rest) {
            api.patch("/v2/tasks/" + id + "/stop");
        }
        for (String id : queuedByA) {
            api.awaitEnd(id, TIMEOUT);
        }
    }

    @Test
    void anAccountsOwnLimitsBoundWhatItRunsAndKeeps() throws Exception {
        String q = account("limited");
        String path = "/v2/accounts/" + q;
        Api customer = api.loginAs(q);
        assertThat(customer.patch(path, limits("\"max_pending\": 2")).status()).as("super admins only").isEqualTo(403);
        assertField(api.patch(path, limits("\"max_pending\": -1")), "task_limits.max_pending");
        assertField(api.patch(path, limits("\"max_tasks\": 1")), "task_limits.max_tasks");
        assertField(api.patch(path, "{\"data\": {\"name\": \"renamed\"}}"), "name");
        Api.Reply set = api.patch(path, limits("\"max_pending\": 2, \"max_running\": 1"));
        assertThat(set.status()).as(set.body()).isEqualTo(200);
        assertThat(set.data().path("task_limits").toString()).isEqualTo("{\"max_running\":1,\"max_pending\":2}");
        JsonNode applied = api.get(path).data().path("task_limits_applied");
        assertThat(applied.path("max_pending").asInt()).isEqualTo(2);
        assertThat(applied.path("max_file_bytes").asLong()).as("the setting: none").isZero();

        String first = start(q, rows(100_000), null, 1_000);
        String second = start(q, rows(10), null, 5);
        JsonNode waiting = task(second);
        assertThat(waiting.path("status").asString()).as("a slot is free, but the account runs its one").isEqualTo("pending");
        assertThat(waiting.path("queue_place").asLong()).isEqualTo(1);
        assertThat(task(first).path("status").asString()).isEqualTo("executing");
        api.putCsv(path + "/tasks?category=tally&action=import", rows(10));
        Api.Reply over = api.putCsv(path + "/tasks?category=tally&action=import", rows(10));
        assertThat(over.status()).as(over.body()).isEqualTo(429);
        assertThat(over.json().path("error").asString()).isEqualTo("429");
        assertThat(over.json().path("message").asString()).contains("max_pending", "at most 2", "batchworks.quotas.pending-tasks");
        assertThat(over.data().path("current").asInt()).isEqualTo(2);
        assertThat(api.get(path + "/tasks").data()).as("nothing made over the quota").hasSize(3);

        long inputs = rows(100_000).length() + 2L * rows(10).length();
        long room = inputs + 1_000; // and the outputs' headers
        assertThat(api.patch(path, limits("\"max_pending\": null, \"max_file_bytes\": " + room)).status()).isEqualTo(200);
        Api.Reply tooBig = api.putCsv(path + "/tasks?category=tally&action=import", rows(1_000));
        assertThat(tooBig.status()).as(tooBig.body()).isEqualTo(429);
        assertThat(tooBig.json().path("message").asString()).contains("max_file_bytes", "at most " + room + " bytes of task files");
        assertThat(tooBig.data().path("current").asLong()).isBetween(inputs, room);
        assertThat(tooBig.data().path("adding").asLong()).isEqualTo(rows(1_000).length());
        assertThat(api.get(path + "/tasks").data()).hasSize(3);
        assertThat(api.patch("/v2/tasks/" + first + "/stop").status()).isEqualTo(200);
        assertThat(api.awaitEnd(second, TIMEOUT).path("status").asString()).isEqualTo("success");
    }

    /**
     * A task claimed for this node counts as running here from before its claim commits, since recovery resumes a task
     * recorded as executing here with no run; a claim that fails leaves no count.
     */
    @Test
    void aTaskCountsAsRunningHereFromBeforeItsClaim() {
        String id = api.putCsv("/v2/tasks?category=tally&action=import", rows(10)).task().path("id").asString();
        TaskRunner runner = engine.bean(TaskRunner.class);
        Task task = engine.bean(TaskStore.class).find(id).orElseThrow();
        boolean[] countedDuringTheClaim = new boolean[1];
        assertThat(runner.claimAndRun(task, 1, () -> {
            countedDuringTheClaim[0] = runner.runs(id);
            return false;
        })).isFalse();
        assertThat(countedDuringTheClaim[0]).isTrue();
        assertThat(runner.runs(id)).isFalse();
        assertThat(api.get("/v2/tasks/" + id).task().path("status").asString()).isEqualTo("pending");
    }

    private static String limits(String fields) {
        return "{\"data\": {\"task_limits\": {" + fields + "}}}";
    }

    private static void assertField(Api.Reply reply, String field) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(400);
        assertThat(reply.data().has(field)).as(reply.body()).isTrue();
    }

    private String account(String name) {
        return api.createAccount(master, Map.of("name", name + "-" + kind));
    }

    private String start(String account, String csv, String priority, int pauseMs) {
        Api.Reply created = api.putCsv("/v2/accounts/" + account + "/tasks?category=tally&action=import&pause_ms=" + pauseMs
                + (priority == null ? "" : "&priority=" + priority), csv);
        return api.start(created);
    }

    private JsonNode task(String id) {
        return api.get("/v2/tasks/" + id).task();
    }

    /** When the task's first run began or ended, to the millisecond; null while it has not. */
    private LocalDateTime run(String id, String which) {
        JsonNode runs = api.get("/v2/tasks/" + id + "/runs").data().path("runs");
        String time = runs.isEmpty() ? null : runs.get(runs.size() - 1).path(which).asString(null);
        return time == null ? null : LocalDateTime.parse(time);
    }

    private static String rows(int n) {
        return IntStream.range(0, n).mapToObj(Integer::toString).collect(Collectors.joining("\n", "n\n", "\n"));
    }
}
