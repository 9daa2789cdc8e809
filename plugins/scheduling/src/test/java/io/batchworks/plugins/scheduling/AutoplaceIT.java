package io.batchworks.plugins.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.batchworks.testapi.Api;
import io.batchworks.engine.support.Engines;
import io.batchworks.engine.support.ForkedScenarios;
import io.batchworks.engine.support.OnPostgres;
import io.batchworks.engine.support.TestDatabase;
import io.batchworks.testkit.PluginTestKit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import tools.jackson.databind.JsonNode;

/**
 * autoplace at scale in a real engine process: 5,000 queued jobs over 200 technicians and two weeks, killed
 * ({@code kill -9}) mid-run and resumed, ends in exactly the placements of an uninterrupted run, each job placed once
 * and every rule kept; and API bookings racing a running autoplace never double-book a technician. The workload is
 * written into the database beside the running engine, which PostgreSQL allows and an HSQLDB file does not: the
 * subclass is PostgreSQL's (autoplace on HSQLDB is a scenario of {@link SchedulingIT}).
 */
@Execution(ExecutionMode.CONCURRENT) // forked engines that mostly wait: beside the other tests (junit.parallel, parent POM)
@OnPostgres
class AutoplaceIT extends ForkedScenarios {

    private static final Duration TIMEOUT = Duration.ofMinutes(4);
    private static final String[] TUNING = {"--scheduling.autoplace.chunk-size=100"};
    private static final String TASK = "/v2/tasks?category=scheduling&action=autoplace&from=" + Workload.FIRST + "&to="
            + Workload.FIRST.plusDays(Workload.DAYS - 1);
    private static final long WINDOW_START = WallTime.of(Workload.FIRST);
    private static final long WINDOW_END = WallTime.of(Workload.FIRST.plusDays(Workload.DAYS));

    @Override
    protected void prepare(Path work) throws Exception {
        PluginTestKit.pack(SchedulingPlugin.class, work.resolve("plugins"));
    }

    @Test
    void killedMidRunItPlacesExactlyAsAnUninterruptedRun() throws Exception {
        int jobs = 5_000;
        try (TestDatabase db = database()) {
            String id;
            long firstQueued;
            try (Engines.Forked first = new Engines.Forked(db, work, TUNING); Connection c = db.connect()) {
                Workload.create(c, 16, 200, jobs);
                firstQueued = Workload.ids(c, "SELECT min(id) FROM sch_job WHERE status = 'queued'").get(0);
                id = start(first.api());
                Engines.await(TIMEOUT, "a fifth of the jobs placed", () -> done(first.api(), id) >= jobs / 5);
                long atKill = done(first.api(), id);
                first.kill();
                assertThat(atKill).as("the kill lands mid-run").isLessThan(jobs);
            }
            Map<Long, String> resumed;
            try (Engines.Forked second = new Engines.Forked(db, work, TUNING); Connection c = db.connect()) {
                JsonNode task = second.api().awaitEnd(id, TIMEOUT);
                assertThat(done(second.api(), id)).isEqualTo(jobs);
                assertThat(task.path("success_count").asLong()).isGreaterThan(jobs * 8L / 10);
                List<String> out = second.api().getCsv("/v2/tasks/" + id).body().lines().skip(1).toList();
                assertThat(out).as("every job listed once").hasSize(jobs);
                assertThat(out.stream().map(l -> l.substring(0, l.indexOf(','))).distinct().count()).isEqualTo(jobs);
                assertThat(out.stream().filter(l -> l.contains(",no ")).count()).isEqualTo(task.path("failure_count").asLong());
                assertThat(Workload.violations(c, WINDOW_START, WINDOW_END, firstQueued)).isEmpty();
                resumed = Workload.placements(c);
                assertThat(resumed).hasSize(200 + (int) task.path("success_count").asLong());

                Workload.requeue(c, firstQueued);
                String again = start(second.api());
                assertThat(second.api().awaitEnd(again, TIMEOUT).path("success_count").asLong())
                        .isEqualTo(task.path("success_count").asLong());
                assertThat(Workload.placements(c)).as("an uninterrupted run places the same jobs the same way").isEqualTo(resumed);
            }
        }
    }

    /**
     * Threads booking random slots over the API while autoplace runs, new jobs and the queued jobs autoplace is placing:
     * whatever wins, nobody is booked twice at once, and no request fails otherwise (no deadlock between them).
     */
    @Test
    void apiBookingsRacingAutoplaceNeverDoubleBook() throws Exception {
        try (TestDatabase db = database(); Engines.Forked engine = new Engines.Forked(db, work, TUNING); Connection c = db.connect()) {
            Workload.create(c, 61, 20, 600);
            long firstQueued = Workload.ids(c, "SELECT min(id) FROM sch_job WHERE status = 'queued'").get(0);
            long type = Workload.ids(c, "SELECT min(id) FROM sch_job_type").get(0);
            List<Long> users = Workload.ids(c, "SELECT id FROM sch_user ORDER BY id");
            Api api = engine.api();
            String id = start(api);
            ExecutorService clients = Executors.newFixedThreadPool(4);
            List<Future<int[]>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                Random random = new Random(t);
                results.add(clients.submit(() -> {
                    int[] outcomes = new int[2];
                    for (int i = 0; i < 60; i++) {
                        long user = users.get(random.nextInt(users.size()));
                        String at = WallTime.format(WINDOW_START + WallTime.DAY * random.nextInt(5) + 3600L * (8 + random.nextInt(7)));
                        String booking = "\"scheduled_datetime\": \"" + at + "\", \"user_ids\": [" + user + "]";
                        // new jobs, and queued jobs of the workload that autoplace may be placing at that moment
                        Api.Reply reply = i % 2 == 0
                                ? api.post("/api/v1/scheduling/jobs", "{\"job_type_id\": " + type + ", \"assigned_type\": \"accounts\","
                                        + " \"assigned_id\": 1, " + booking + "}")
                                : api.patch("/api/v1/scheduling/jobs/" + (firstQueued + random.nextInt(600)), "{" + booking + "}");
                        outcomes[reply.status() == 201 ? 0 : 1]++;
                        assertThat(reply.status()).as(reply.body()).isIn(201, 422);
                    }
                    return outcomes;
                }));
            }
            int booked = 0;
            for (Future<int[]> result : results) {
                booked += result.get(2, TimeUnit.MINUTES)[0];
            }
            clients.shutdown();
            JsonNode task = api.awaitEnd(id, TIMEOUT);
            assertThat(booked).as("some API bookings won").isPositive();
            assertThat(task.path("success_count").asLong()).as("autoplace placed jobs too").isPositive();
            assertThat(Workload.violations(c, WINDOW_START, WINDOW_END, firstQueued).stream()
                    .filter(v -> v.contains("double-booked") || v.contains("working hours")).toList()).isEmpty();
        }
    }

    private static String start(Api api) {
        Api.Reply created = api.put(TASK);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.task().path("id").asString();
        assertThat(api.patch("/v2/tasks/" + id).status()).isEqualTo(200);
        return id;
    }

    private static long done(Api api, String id) {
        JsonNode task = api.get("/v2/tasks/" + id).task();
        return task.path("success_count").asLong() + task.path("failure_count").asLong();
    }
}
