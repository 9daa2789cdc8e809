package io.batchworks.plugins.numbers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.batchworks.testapi.Api;
import io.batchworks.engine.support.Engines;
import io.batchworks.engine.support.ForkedScenarios;
import io.batchworks.engine.support.OnBothDatabases;
import io.batchworks.engine.support.TestDatabase;
import io.batchworks.testkit.PluginTestKit;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

/**
 * Kills the engine ({@code kill -9}) in the middle of a 20,000-number job and starts another node in its place:
 * the periodic recovery (thresholds set low) finds the stalled job and finishes it, with every number added
 * exactly once.
 */
@OnBothDatabases
class JobRecoveryIT extends ForkedScenarios {

    static final int NUMBERS = 20_000;
    static final Duration TIMEOUT = Duration.ofMinutes(3);
    /** Small chunks, so the kill lands mid-job. */
    static final String CHUNKS = "--numbers.add.chunk-size=250";
    /** Look for stalled jobs every 2 s; a job unchanged for 4 s is stalled. */
    static final String[] FAST_RECOVERY = {CHUNKS, "--resources.job_recover_timeout_s=2", "--resources.job_recovery_threshold_s=4"};

    @Override
    protected void prepare(Path work) throws Exception {
        PluginTestKit.pack(NumbersPlugin.class, work.resolve("plugins"));
    }

    @Test
    void aJobKilledMidwayIsResumedByRecoveryOnAnotherNode() throws Exception {
        try (TestDatabase db = database()) {
            Started job = startAndKill(db, work, NUMBERS);

            String[] args = append(FAST_RECOVERY, "--batchworks.node=recovery@" + work.getFileName());
            try (Engines.Forked second = new Engines.Forked(db, work, args)) {
                Api api = second.api();
                JsonNode done = ResourceJobs.awaitComplete(api, job.path(), TIMEOUT);
                assertThat(done.path("successes").size()).isEqualTo(NUMBERS);
                assertThat(done.path("errors").size()).isZero();
                JsonNode task = api.get("/v2/tasks/" + job.id()).task();
                assertThat(task.path("success_count").asLong()).as("each number counted once").isEqualTo(NUMBERS);
                assertThat(task.path("failure_count").asLong()).isZero();
                assertThat(task.path("node").asString()).startsWith("recovery@");
                assertThat(Files.readString(second.log())).contains("Resumed stalled task " + job.id());
            }
        }
    }

    /** A job of the master account through a global resource, killed with its engine once some of it is committed. */
    record Started(String id, long atKill) {
        String path() {
            return "/v2/resources/jobs/" + id;
        }
    }

    static Started startAndKill(TestDatabase db, Path work, int count) throws Exception {
        try (Engines.Forked first = new Engines.Forked(db, work, CHUNKS)) {
            Api api = first.api();
            String id = startJob(api, count);
            long atKill = waitForProgress(api, id, count / 20);
            first.kill();
            assertThat(atKill).as("the kill must land mid-job").isLessThan(count);
            return new Started(id, atKill);
        }
    }

    /** Starts a job adding {@code count} numbers to a new global resource; its id. */
    static String startJob(Api api, int count) {
        String resource = api.put("/v2/resources", "{\"data\":{\"name\":\"R\",\"gateways\":[]}}").data().path("id").asString();
        List<String> numbers = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            numbers.add("+1" + (6_000_000_000L + i));
        }
        Api.Reply job = api.putJson("/v2/resources/jobs", Map.of("data", Map.of("numbers", numbers, "resource_id", resource)));
        assertThat(job.status()).as(job.body()).isEqualTo(202);
        return job.data().path("id").asString();
    }

    static String[] append(String[] args, String... more) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    static long waitForProgress(Api api, String id, long rows) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            long done = api.get("/v2/tasks/" + id).task().path("success_count").asLong();
            if (done >= rows) {
                return done;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("job " + id + " made no progress");
    }

    /** Two nodes on one PostgreSQL, both due to look for stalled jobs at once: the job runs once more, not twice. */
    @Test
    void twoNodesRecoveringAtOnceRunTheJobOnce() throws Exception {
        assumeTrue(kind == TestDatabase.Kind.POSTGRESQL, "two nodes share the database: PostgreSQL only (an HSQLDB file is one process's)");
        int count = 20_000;
        try (TestDatabase db = database()) {
            Started job = startAndKill(db, work, count);
            CompletableFuture<Engines.Forked> b = CompletableFuture.supplyAsync(() -> node(db, "b"));
            CompletableFuture<Engines.Forked> c = CompletableFuture.supplyAsync(() -> node(db, "c"));
            try (Engines.Forked nodeB = b.join(); Engines.Forked nodeC = c.join()) {
                JsonNode done = ResourceJobs.awaitComplete(nodeB.api(), job.path(), TIMEOUT);
                assertThat(done.path("successes").size()).isEqualTo(count);
                JsonNode task = nodeC.api().get("/v2/tasks/" + job.id()).task();
                assertThat(task.path("success_count").asLong()).isEqualTo(count);
                assertThat(executions(db, job.id())).as("the killed run and one recovery").isEqualTo(2);
            }
        }
    }

    private Engines.Forked node(TestDatabase db, String name) {
        try {
            return new Engines.Forked(db, work, append(FAST_RECOVERY, "--batchworks.node=" + name + "@" + work.getFileName()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static int executions(TestDatabase db, String taskId) throws Exception {
        try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement(
                "SELECT count(*) FROM batch_job_execution_params WHERE parameter_name = 'task.id' AND parameter_value = ?")) {
            ps.setString(1, taskId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
