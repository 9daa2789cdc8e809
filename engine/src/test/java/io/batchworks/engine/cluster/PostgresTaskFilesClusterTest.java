package io.batchworks.engine.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import io.batchworks.engine.plugins.TestPlugins;
import io.batchworks.testapi.Api;
import io.batchworks.engine.support.Engines;
import io.batchworks.engine.support.TestDatabase;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import tools.jackson.databind.JsonNode;

/**
 * Three engine processes on one PostgreSQL database with {@code batchworks.task-files=database}, each with a data
 * directory of its own: a task created through node A has its input downloaded through B; stopped through B, it is
 * restarted through C after A is killed; another task that A was running when killed is taken over by B or C once A's
 * heartbeat is old. Both end as an uninterrupted run would, each row written once, and their outputs are downloaded
 * through B. The tasks run in two partitions each, so a partition's output too goes from node to node. {@code GET /v2/nodes} shows A dead and the others alive.
 * A task schedule every 2 s, made through A, fires once per period throughout, A's death included: no two fires in one
 * period, each fire one task that ends, and the schedule goes on through B and C (a fire A held when it died is
 * recovered, or, once missed, becomes one fire). First, an account limited to 3 tasks at once starts 50 through the
 * three nodes at once, and never runs more than 3.
 */
@Execution(ExecutionMode.CONCURRENT) // forked engines that mostly wait: beside the other tests (junit.parallel, parent POM)
class PostgresTaskFilesClusterTest {

    private static final int ROWS = 3_000;
    private static final int BAD_EVERY = 100;
    private static final String[] CLUSTER = {"--batchworks.task-files=database", "--batchworks.cluster.heartbeat=1",
            "--batchworks.cluster.dead-after=4", "--batchworks.recovery.interval=1", "--greetings.import.chunk-size=50",
            "--greetings.import.wait-after-row-ms=3", "--batchworks.partition.threads=4", "--batchworks.partition.count=2",
            "--batchworks.task-threads=6"}; // slots: a task split in two holds two

    @TempDir
    Path work;

    @Test
    void anyNodeServesAndRunsATaskCreatedThroughAnother() throws Exception {
        String names = TestPlugins.greetInput(ROWS, BAD_EVERY);
        String failedRows = IntStream.range(0, ROWS).filter(i -> i % BAD_EVERY == 7).mapToObj(i -> "bad" + i)
                .collect(Collectors.joining("\n"));
        try (TestDatabase db = TestDatabase.postgres()) {
            Engines.Forked first = start(db, "a", "a").join(); // alone: the first start migrates the database
            CompletableFuture<Engines.Forked> startB = start(db, "b", "b");
            CompletableFuture<Engines.Forked> startC = start(db, "c", "c");
            try (Engines.Forked a = first; Engines.Forked b = startB.join(); Engines.Forked c = startC.join()) {
                CompletableFuture<Engines.Forked> secondB = start(db, "b", "b-again");

                Api viaA = a.api();
                Api viaB = b.api().as(viaA.token());
                Api viaC = c.api().as(viaA.token());
                anAccountsLimitHoldsAcrossNodes(db, List.of(viaA, viaB, viaC));
                // A's slots free again, so that the two tasks started through A are claimed by A, not queued for any node
                Engines.await(Duration.ofSeconds(60), "no task running on A", () -> viaA.get("/v2/nodes").json().path("data")
                        .valueStream().filter(n -> n.path("node").asString().equals("a")).allMatch(n -> n.path("tasks").isEmpty()));
                String schedule = everyTwoSeconds(viaA);
                String restarted = viaA.putCsv("/v2/tasks?category=greetings&action=import", names).task().path("id").asString();
                String takenOver = viaA.putCsv("/v2/tasks?category=greetings&action=import", names).task().path("id").asString();
                assertThat(viaB.getCsv("/v2/tasks/" + restarted + "?csv_name=in.csv").body()).as("the input, through B").isEqualTo(names);

                for (String id : List.of(restarted, takenOver)) {
                    Api.Reply started = viaA.patch("/v2/tasks/" + id);
                    assertThat(started.status()).isEqualTo(200);
                    assertThat(started.task().path("node").asString()).as("run by A: " + started.body()).isEqualTo("a");
                }
                Engines.await(Duration.ofSeconds(60), "both under way on A", () -> done(viaA, restarted) >= 200 && done(viaA, takenOver) >= 200);
                Api.Reply stop = viaB.patch("/v2/tasks/" + restarted + "/stop");
                assertThat(stop.status()).as("a stop through B: " + stop.body()).isEqualTo(200);
                Engines.await(Duration.ofSeconds(30), "stopped on A", () -> viaB.get("/v2/tasks/" + restarted).task()
                        .path("status").asString().equals("stopped"));
                a.kill();
                long killed = System.currentTimeMillis();
                assertThat(done(viaC, takenOver)).as("the kill must land mid-task").isLessThan(ROWS);

                assertThat(viaC.patch("/v2/tasks/" + restarted).status()).as("a restart through C").isEqualTo(200);
                for (String id : List.of(restarted, takenOver)) {
                    JsonNode end = viaC.awaitEnd(id, Duration.ofSeconds(120));
                    assertThat(end.path("status").asString()).as(end.toString()).isEqualTo("partial");
                    assertThat(end.path("success_count").asLong()).isEqualTo(ROWS - ROWS / BAD_EVERY);
                    assertThat(end.path("failure_count").asLong()).isEqualTo(ROWS / BAD_EVERY);
                    assertThat(end.path("node").asString()).as("ended on a live node").isIn("b", "c");
                    JsonNode written = viaB.get("/v2/greetings-written/" + id).json();
                    assertThat(written.path("written").asLong()).as("rows written").isEqualTo(ROWS - ROWS / BAD_EVERY);
                    assertThat(written.path("names").asLong()).as("each once").isEqualTo(ROWS - ROWS / BAD_EVERY);
                    List<String> out = viaB.getCsv("/v2/tasks/" + id + "?csv_name=out.csv").body().lines().toList();
                    assertThat(out.get(0)).startsWith("name,");
                    assertThat(out.subList(1, out.size()).stream().map(l -> l.substring(0, l.indexOf(','))).collect(Collectors.joining("\n")))
                            .as("out.csv through B: the failed rows, each once").isEqualTo(failedRows);
                }
                String nodeLogs = Files.readString(b.log()) + Files.readString(c.log());
                assertThat(nodeLogs).contains("Resuming task " + takenOver + " (greetings/import) from dead node a");

                JsonNode nodes = viaB.get("/v2/nodes").json().path("data");
                List<String> alive = new ArrayList<>();
                nodes.forEach(n -> {
                    if (n.path("alive").asBoolean()) {
                        alive.add(n.path("node").asString());
                    }
                });
                assertThat(alive).containsExactly("b", "c");
                assertThat(viaB.as(null).get("/v2/nodes").status()).isEqualTo(401);

                // a token known to C's cache, revoked through B: refused by C too, at once (PostgreSQL's NOTIFY)
                String master = viaB.get("/v2/token_auth").data().path("account_id").asString();
                Api own = viaB.loginAs(viaB.createAccount(master, Map.of("name", "revoked")));
                Api ownViaC = c.api().as(own.token());
                assertThat(ownViaC.get("/v2/token_auth").status()).as("known to C").isEqualTo(200);
                assertThat(ownViaC.get("/v2/token_auth").status()).as("from C's cache").isEqualTo(200);
                assertThat(own.delete("/v2/token_auth").status()).isEqualTo(200);
                Engines.await(Duration.ofSeconds(1), "the revocation heard by C", () -> ownViaC.get("/v2/token_auth").status() == 401);

                firedOncePerPeriod(db, viaB, schedule, killed);

                secondB.thenAccept(PostgresTaskFilesClusterTest::stop); // were it wrongly up
                assertThat(secondB).as("a second process named b").failsWithin(Duration.ofSeconds(90));
                try (Stream<Path> logs = Files.list(work.resolve("b-again"))) {
                    Path log = logs.filter(f -> f.getFileName().toString().startsWith("engine-")).findFirst().orElseThrow();
                    assertThat(Files.readString(log)).contains("node name b is taken by process");
                }
            }
        }
    }

    private CompletableFuture<Engines.Forked> start(TestDatabase db, String node, String folder) throws Exception {
        Path dir = Files.createDirectories(work.resolve(folder));
        TestPlugins.greet("1.0.0", "Hello").buildTo(dir.resolve("plugins/greet.jar"));
        TestPlugins.tally().buildTo(dir.resolve("plugins/tally.jar"));
        List<String> args = new ArrayList<>(List.of(CLUSTER));
        args.add("--batchworks.node=" + node);
        return CompletableFuture.supplyAsync(() -> {
            try {
                return new Engines.Forked(db, dir, args.toArray(String[]::new));
            } catch (Exception e) {
                throw new IllegalStateException("node " + node + " did not start", e);
            }
        });
    }

    /**
     * 50 tasks of one account, limited to 3 at once, started at once through the three nodes: no instant has more
     * than 3 executing (each task's executing span, claim to end, read from {@code bw_task}), and the limit is used.
     */
    private static void anAccountsLimitHoldsAcrossNodes(TestDatabase db, List<Api> nodes) throws Exception {
        Api master = nodes.get(0);
        String account = master.createAccount(master.get("/v2/token_auth").data().path("account_id").asString(),
                Map.of("name", "limited"));
        assertThat(master.patch("/v2/accounts/" + account, "{\"data\": {\"task_limits\": {\"max_running\": 3}}}").status())
                .isEqualTo(200);
        ExecutorService starters = Executors.newFixedThreadPool(16);
        try {
            List<CompletableFuture<String>> starts = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                Api via = nodes.get(i % nodes.size());
                starts.add(CompletableFuture.supplyAsync(() -> via.start(via.putCsv("/v2/accounts/" + account
                        + "/tasks?category=tally&action=import&pause_ms=100", "n\n1\n2\n")), starters));
            }
            for (CompletableFuture<String> start : starts) {
                assertThat(master.awaitEnd(start.get(60, TimeUnit.SECONDS), Duration.ofSeconds(120)).path("status").asString())
                        .isEqualTo("success");
            }
        } finally {
            starters.shutdownNow();
        }
        List<long[]> spans = new ArrayList<>(); // [instant, +1 at a claim or -1 at an end]
        try (Connection c = db.connect(); PreparedStatement q = c.prepareStatement("SELECT started, ended FROM bw_task WHERE account_id = ?")) {
            q.setString(1, account);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    spans.add(new long[] {rs.getLong(1), +1});
                    spans.add(new long[] {rs.getLong(2), -1});
                }
            }
        }
        spans.sort(Comparator.<long[]>comparingLong(e -> e[0]).thenComparingLong(e -> e[1])); // an end before a claim at one instant
        int running = 0;
        int most = 0;
        for (long[] event : spans) {
            running += (int) event[1];
            most = Math.max(most, running);
        }
        assertThat(spans).hasSize(100);
        assertThat(most).as("the most executing at once").isEqualTo(3);
    }

    private static void stop(Engines.Forked engine) {
        try {
            engine.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String everyTwoSeconds(Api api) {
        String account = api.get("/v2/token_auth").data().path("account_id").asString();
        String path = "/v2/accounts/" + account + "/task_schedules";
        Api.Reply created = api.putJson(path, Map.of("data", Map.of("category", "greetings", "action", "import", "every", "2s",
                "enabled", false)));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.data().path("id").asString();
        assertThat(api.send("PUT", path + "/" + id + "/input", "text/csv", "name\nann\n").status()).isEqualTo(200);
        assertThat(api.patch(path + "/" + id, "{\"data\":{\"enabled\":true}}").status()).isEqualTo(200);
        return id;
    }

    /**
     * The schedule's fires, read from the database once it is paused: one per period, on after the kill, each its own
     * task; or skipped, by the schedule's default overlap, when the previous fire's task had not ended yet (a loaded
     * machine can take longer than a period to run it).
     */
    private static void firedOncePerPeriod(TestDatabase db, Api api, String schedule, long killed) throws InterruptedException {
        Engines.await(Duration.ofSeconds(60), "three fires after the kill that made tasks",
                () -> fires(db, schedule).stream().filter(f -> Long.parseLong(f[0]) > killed && f[1].equals("TASK")).count() >= 3);
        String account = api.get("/v2/token_auth").data().path("account_id").asString();
        assertThat(api.patch("/v2/accounts/" + account + "/task_schedules/" + schedule, "{\"data\":{\"enabled\":false}}").status())
                .isEqualTo(200);
        List<String[]> fires = fires(db, schedule);
        List<Long> times = fires.stream().map(f -> Long.parseLong(f[0])).toList();
        List<String> tasks = fires.stream().filter(f -> f[1].equals("TASK")).map(f -> f[2]).toList();
        assertThat(fires).as("each fire made its task, or was skipped while the last one ran").allMatch(f -> f[1].equals("TASK")
                || f[1].equals("SKIPPED") && f[2] == null);
        assertThat(tasks).as("a task per fire").doesNotContainNull().doesNotHaveDuplicates();
        for (int i = 1; i < times.size(); i++) {
            long gap = times.get(i) - times.get(i - 1);
            assertThat(gap).as("fires %d and %d: never two in one period; a gap only while A's death is found", i - 1, i)
                    .isBetween(1_900L, 20_000L);
        }
        for (String task : tasks) {
            assertThat(api.awaitEnd(task, Duration.ofSeconds(60)).path("status").asString()).isEqualTo("success");
        }
    }

    /** The schedule's fires but the missed ones, oldest first: fire time, outcome, task. */
    private static List<String[]> fires(TestDatabase db, String schedule) {
        List<String[]> fires = new ArrayList<>();
        try (Connection c = db.connect(); PreparedStatement q = c.prepareStatement("SELECT fire_time, outcome, task_id"
                + " FROM bw_schedule_fire WHERE schedule_id = ? AND outcome <> 'MISSED' ORDER BY fire_time")) {
            q.setString(1, schedule);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    fires.add(new String[] {Long.toString(rs.getLong(1)), rs.getString(2), rs.getString(3)});
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return fires;
    }

    private static long done(Api api, String id) {
        JsonNode task = api.get("/v2/tasks/" + id).task();
        return task.path("success_count").asLong() + task.path("failure_count").asLong();
    }
}
