package io.batchworks.engine.schedules;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.batchworks.engine.plugins.TestPlugins;
import io.batchworks.engine.support.EngineScenarios;
import io.batchworks.engine.support.Engines;
import io.batchworks.engine.support.OnBothDatabases;
import io.batchworks.testapi.Api;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

/**
 * Task schedules: one every 2 s fires a task in each period, with its stored input, until paused; {@code overlap=skip}
 * drops a fire while the previous task runs and {@code queue} makes its task wait for it; fires missed while the engine
 * was down become one task ({@code misfire=once}) or none ({@code skip}); a fire run again makes no second task; a
 * follow-up waits for each fire's task; requests are checked field by field; a trigger lost between a schedule's row
 * and its trigger is made again.
 */
@OnBothDatabases
class TaskSchedulesTest extends EngineScenarios {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @Override
    protected void prepare(Path work) throws Exception {
        TestPlugins.greet("1.0.0", "Hello").buildTo(work.resolve("plugins/greet.jar"));
    }

    @Override
    protected String[] engineArgs() {
        return new String[] {"--batchworks.schedules.misfire-threshold=2s", "--greetings.import.chunk-size=10",
                "--greetings.import.wait-after-row-ms=5"};
    }

    @Test
    void aScheduleEveryTwoSecondsFiresATaskInEachPeriodUntilPaused() throws Exception {
        String id = created(Map.of("category", "greetings", "action", "import", "every", "2s", "enabled", false, "name", "nightly"));
        assertThat(schedule(id).path("next_fires")).as("paused: no fires").isEmpty();
        Api.Reply input = api.send("PUT", path(id) + "/input?file_name=people.csv", "text/csv", "name\nann\nbob\n");
        assertThat(input.status()).as(input.body()).isEqualTo(200);
        assertThat(input.data().path("input").path("rows").asLong()).isEqualTo(2);
        assertThat(api.getCsv(path(id) + "/input").body()).isEqualTo("name\nann\nbob\n");

        JsonNode resumed = api.patch(path(id), "{\"data\":{\"enabled\":true}}").data();
        List<Instant> next = Api.strings(resumed.path("next_fires")).stream().map(Instant::parse).toList();
        assertThat(next).hasSize(3);
        assertThat(Duration.between(next.get(0), next.get(1))).isEqualTo(Duration.ofSeconds(2));
        assertThat(resumed.path("name").asString()).isEqualTo("nightly");

        Engines.await(Duration.ofSeconds(30), "four fires", () -> fires(id, "task").size() >= 4);
        List<JsonNode> fires = fires(id, "task");
        for (int i = 1; i < fires.size(); i++) {
            assertThat(Duration.between(fireTime(fires.get(i)), fireTime(fires.get(i - 1)))).as("one fire per period")
                    .isEqualTo(Duration.ofSeconds(2));
        }
        for (JsonNode fire : fires.subList(1, fires.size())) { // the newest may still run
            JsonNode task = api.awaitEnd(fire.path("task_id").asString(), TIMEOUT);
            assertThat(task.path("status").asString()).isEqualTo("success");
            assertThat(task.path("schedule_id").asString()).isEqualTo(id);
            assertThat(task.path("total_count").asLong()).isEqualTo(2);
            assertThat(task.path("file_name").asString()).isEqualTo("people.csv");
        }
        assertThat(schedule(id).path("last_task").path("id").asString()).isNotEmpty();

        assertThat(api.patch(path(id), "{\"data\":{\"enabled\":false}}").data().path("next_fires")).isEmpty();
        int paused = fires(id, "task").size();
        Thread.sleep(2_500);
        assertThat(fires(id, "task")).as("no fire while paused").hasSize(paused);
        assertThat(api.delete(path(id)).status()).isEqualTo(200);
        assertThat(api.get(path(id)).status()).isEqualTo(404);
        assertThat(api.getCsv(path(id) + "/input").status()).isEqualTo(404);
        assertThat(api.getCsv(path(id) + "/output").status()).isEqualTo(404);
    }

    @Test
    void skipDropsAFireWhileThePreviousTaskRunsAndQueueMakesItsTaskWait() throws Exception {
        String slow = TestPlugins.greetInput(600, 0); // about 3 s a task: longer than a period
        String skip = withInput(Map.of("category", "greetings", "action", "import", "every", "2s", "overlap", "skip"), slow);
        String queue = withInput(Map.of("category", "greetings", "action", "import", "every", "2s", "overlap", "queue"), slow);
        Engines.await(TIMEOUT, "a skipped fire and a queued task",
                () -> !fires(skip, "skipped").isEmpty() && fires(queue, "task").size() >= 2);
        for (String id : List.of(skip, queue)) {
            api.patch(path(id), "{\"data\":{\"enabled\":false}}");
        }

        List<JsonNode> ran = fires(skip, "task");
        JsonNode skipped = fires(skip, "skipped").get(fires(skip, "skipped").size() - 1);
        String first = ran.get(ran.size() - 1).path("task_id").asString();
        assertThat(skipped.path("detail").asString()).contains("task " + first, "still executing");
        List<JsonNode> tasks = new ArrayList<>();
        for (int i = ran.size() - 1; i >= 0; i--) {
            tasks.add(api.awaitEnd(ran.get(i).path("task_id").asString(), TIMEOUT));
        }
        for (int i = 1; i < tasks.size(); i++) {
            assertThat(tasks.get(i).path("start_timestamp").asLong()).as("skip: never two at once")
                    .isGreaterThanOrEqualTo(tasks.get(i - 1).path("end_timestamp").asLong());
        }

        List<JsonNode> queued = fires(queue, "task");
        String before = queued.get(queued.size() - 1).path("task_id").asString();
        String behind = queued.get(queued.size() - 2).path("task_id").asString();
        assertThat(queued.get(queued.size() - 2).path("detail").asString()).isEqualTo("queued after " + before);
        JsonNode waited = api.awaitEnd(behind, TIMEOUT);
        assertThat(waited.path("after").get(0).path("id").asString()).isEqualTo(before);
        assertThat(waited.path("status").asString()).isEqualTo("success");
        assertThat(waited.path("start_timestamp").asLong()).isGreaterThanOrEqualTo(api.awaitEnd(before, TIMEOUT).path("end_timestamp").asLong());
    }

    @Test
    void firesMissedWhileTheEngineWasDownBecomeOneTaskOrNone() throws Exception {
        String once = withInput(Map.of("category", "greetings", "action", "import", "every", "3s", "misfire", "once"), "name\nann\n");
        String skip = withInput(Map.of("category", "greetings", "action", "import", "every", "3s", "misfire", "skip"), "name\nann\n");
        Engines.await(Duration.ofSeconds(20), "a fire of each", () -> !fires(once, "task").isEmpty() && !fires(skip, "task").isEmpty());
        Instant grid = fireTime(fires(skip, "task").get(0));
        engine.close();
        Instant down = Instant.now();
        Thread.sleep(10_000);
        Instant back = Instant.now();
        engine = new Engines.Embedded(db(), work, engineArgs());
        api = engine.api();
        Engines.await(Duration.ofSeconds(20), "a fire of each after the restart",
                () -> fires(once, "task").stream().anyMatch(f -> fireTime(f).isAfter(back))
                        && fires(skip, "task").stream().anyMatch(f -> fireTime(f).isAfter(back)));
        for (String id : List.of(once, skip)) {
            api.patch(path(id), "{\"data\":{\"enabled\":false}}");
            assertThat(fires(id, "task")).as("no late fire of a time missed").noneMatch(f -> fireTime(f).isAfter(down) && fireTime(f).isBefore(back));
            assertThat(fires(id, "missed")).as("the missed fires are recorded").isNotEmpty();
        }
        assertThat(fires(skip, "task")).as("skip: every fire on the schedule's own times")
                .allMatch(f -> Duration.between(grid, fireTime(f)).toMillis() % 3_000 == 0);
        List<JsonNode> onceAfter = fires(once, "task").stream().filter(f -> fireTime(f).isAfter(back)).toList();
        JsonNode atOnce = onceAfter.get(onceAfter.size() - 1);
        assertThat(Duration.between(back, fireTime(atOnce))).as("once: one fire as soon as the engine is back").isLessThan(Duration.ofSeconds(15));
        assertThat(api.awaitEnd(atOnce.path("task_id").asString(), TIMEOUT).path("status").asString()).isEqualTo("success");
    }

    @Test
    void aFireRunAgainMakesNoSecondTaskAndAFollowUpWaitsForEachFiresTask() throws Exception {
        Map<String, Object> schedule = new LinkedHashMap<>(Map.of("category", "greetings", "action", "import", "cron", "0 0 3 * * ?",
                "time_zone", "Europe/Paris"));
        schedule.put("follow_up", Map.of("category", "greetings", "action", "import", "after_status", "any"));
        Api.Reply refused = api.putJson(path(null), Map.of("data", schedule));
        assertThat(refused.status()).as("a follow-up takes no input").isEqualTo(400);
        assertThat(refused.json().path("data").has("follow_up")).isTrue();
        schedule.put("follow_up", Map.of("category", "greetings", "action", "export", "after_status", "success"));
        String id = withInput(schedule, "name\nann\nbob\n");
        JsonNode view = schedule(id);
        assertThat(view.path("cron").asString()).isEqualTo("0 0 3 * * ?");
        assertThat(view.path("follow_up").path("action").asString()).isEqualTo("export");
        assertThat(Instant.parse(view.path("next_fires").get(0).asString()).atZone(java.time.ZoneId.of("Europe/Paris")).getHour()).isEqualTo(3);

        ScheduleFires fires = engine.bean(ScheduleFires.class);
        long at = System.currentTimeMillis();
        fires.fire(id, at);
        fires.fire(id, at); // as Quartz runs a fire again after the node that ran it died
        List<JsonNode> made = fires(id, "task");
        assertThat(made).hasSize(1);
        String task = made.get(0).path("task_id").asString();
        assertThat(task).isEqualTo(ScheduleFires.taskId(id, at, "task"));
        assertThat(api.awaitEnd(task, TIMEOUT).path("status").asString()).isEqualTo("success");
        JsonNode next = api.awaitEnd(ScheduleFires.taskId(id, at, "follow_up"), TIMEOUT);
        assertThat(next.path("status").asString()).isEqualTo("success");
        assertThat(next.path("schedule_id").asString()).isEqualTo(id);
        assertThat(next.path("after").get(0).path("id").asString()).as("the follow-up waited for the fire's task").isEqualTo(task);
        Api.Reply output = api.getCsv(path(id) + "/output");
        assertThat(output.body()).as("the schedule's latest output: its newest ended task's, the follow-up's").contains("Hello, ann");
        assertThat(output.header("X-Task-Id")).isEqualTo(next.path("id").asString());
        assertThat(api.get("/v2/accounts/" + master + "/tasks?category=greetings&action=export").data()).as("one follow-up").hasSize(1);
    }

    @Test
    void requestsAreCheckedFieldByFieldAndAMissingTriggerIsMadeAgain() throws Exception {
        Map<String, Map<String, Object>> bad = new LinkedHashMap<>();
        bad.put("category", Map.of("action", "import", "every", "1h"));
        bad.put("every", Map.of("category", "greetings", "action", "import", "every", "soon"));
        bad.put("cron", Map.of("category", "greetings", "action", "import", "cron", "0 3 * * 1"));
        bad.put("time_zone", Map.of("category", "greetings", "action", "import", "cron", "0 3 * * *", "time_zone", "Mars/Olympus"));
        bad.put("overlap", Map.of("category", "greetings", "action", "import", "every", "1h", "overlap", "sometimes"));
        bad.put("misfire", Map.of("category", "greetings", "action", "import", "every", "1h", "misfire", "always"));
        bad.put("enabled", Map.of("category", "greetings", "action", "import", "every", "1h", "enabled", "yes"));
        bad.put("params", Map.of("category", "greetings", "action", "import", "every", "1h", "params", List.of("a")));
        for (Map.Entry<String, Map<String, Object>> e : bad.entrySet()) {
            Api.Reply reply = api.putJson(path(null), Map.of("data", e.getValue()));
            assertThat(reply.status()).as(e.getKey() + ": " + reply.body()).isEqualTo(400);
            assertThat(reply.json().path("data").has(e.getKey())).as(reply.body()).isTrue();
        }
        Api.Reply both = api.putJson(path(null), Map.of("data", Map.of("category", "greetings", "action", "import", "every", "1h",
                "cron", "0 3 * * *")));
        assertThat(both.status()).isEqualTo(400);
        assertThat(api.putJson(path(null), Map.of("data", Map.of("category", "nope", "action", "x", "every", "1h"))).status()).isEqualTo(404);

        String id = created(Map.of("category", "greetings", "action", "import", "cron", "30 2 * * MON-FRI"));
        assertThat(schedule(id).path("cron").asString()).isEqualTo("0 30 2 ? * MON-FRI");
        Api.Reply moved = api.patch(path(id), "{\"data\":{\"category\":\"other\"}}");
        assertThat(moved.status()).isEqualTo(400);
        Api.Reply toEvery = api.patch(path(id), "{\"data\":{\"every\":\"15m\"}}");
        assertThat(toEvery.status()).as(toEvery.body()).isEqualTo(200);
        JsonNode every = toEvery.data();
        assertThat(every.path("every").asString()).isEqualTo("PT15M");
        assertThat(every.has("cron")).isFalse();
        assertThat(api.send("PUT", path(id) + "/input", "text/csv", "nobody\nann\n").status()).as("a missing mandatory column")
                .isEqualTo(400);
        engine.bean(ScheduleTriggers.class).remove(id); // as a node that died between the schedule's row and its trigger leaves it
        assertThat(schedule(id).path("next_fires")).isEmpty();
        engine.bean(ScheduleRepairs.class).repair();
        assertThat(schedule(id).path("next_fires")).as("the trigger made again").hasSize(3);
        Api.Reply key = api.with("Idempotency-Key", "schedule-1").putJson(path(null), Map.of("data", Map.of("category", "greetings",
                "action", "import", "every", "1h")));
        Api.Reply again = api.with("Idempotency-Key", "schedule-1").putJson(path(null), Map.of("data", Map.of("category", "greetings",
                "action", "import", "every", "1h")));
        assertThat(again.data().path("id").asString()).isEqualTo(key.data().path("id").asString());
        assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
    }

    private String path(String id) {
        return "/v2/accounts/" + master + "/task_schedules" + (id == null ? "" : "/" + id);
    }

    private String created(Map<String, Object> data) {
        Api.Reply created = api.putJson(path(null), Map.of("data", data));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.data().path("id").asString();
    }

    /** A schedule made paused, given its input, then enabled. */
    private String withInput(Map<String, Object> data, String csv) {
        Map<String, Object> paused = new LinkedHashMap<>(data);
        paused.put("enabled", false);
        String id = created(paused);
        Api.Reply input = api.send("PUT", path(id) + "/input", "text/csv", csv);
        assertThat(input.status()).as(input.body()).isEqualTo(200);
        assertThat(api.patch(path(id), "{\"data\":{\"enabled\":true}}").status()).isEqualTo(200);
        return id;
    }

    private JsonNode schedule(String id) {
        Api.Reply reply = api.get(path(id));
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.data();
    }

    /** The schedule's last fires with this outcome, newest first. */
    private List<JsonNode> fires(String id, String outcome) {
        List<JsonNode> fires = new ArrayList<>();
        schedule(id).path("last_fires").forEach(f -> {
            if (f.path("outcome").asString().equals(outcome)) {
                fires.add(f);
            }
        });
        return fires;
    }

    private static Instant fireTime(JsonNode fire) {
        return Instant.parse(fire.path("fire_time").asString());
    }
}
