package io.batchworks.plugins.numbers;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

import io.batchworks.testapi.Api;
import io.batchworks.engine.support.CuttableProxy;
import io.batchworks.engine.support.Engines;
import io.batchworks.engine.support.LinkFaults;
import io.batchworks.engine.support.TestDatabase;
import io.batchworks.testkit.PluginTestKit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import tools.jackson.databind.JsonNode;

/**
 * PostgreSQL goes away for 5 s under a running number job (a proxy between the engine and the database closes every
 * connection and refuses new ones). The engine stays up; once the database is back it resumes the job by itself
 * (the engine's recovery, not Kazoo's stalled-job recovery, which waits hours by default), and every number is
 * added exactly once.
 */
@Execution(ExecutionMode.CONCURRENT) // a forked engine that mostly waits: beside the other tests (junit.parallel, parent POM)
class PostgresNumbersOutageIT {

    private static final int NUMBERS = 10_000;
    private static final String[] ARGS = {"--numbers.add.chunk-size=100", "--numbers.add.wait-after-row-ms=1",
            "--batchworks.recovery.interval=1", "--batchworks.recovery.backoff=1", "--spring.datasource.hikari.connection-timeout=5000"};

    @TempDir(cleanup = CleanupMode.ON_SUCCESS) // a failure keeps the engine's log
    Path work;

    @Test
    void aJobCutOffByAnOutageAddsEveryNumberOnce() throws Exception {
        PluginTestKit.pack(NumbersPlugin.class, work.resolve("plugins"));
        try (TestDatabase db = TestDatabase.postgres(); CuttableProxy proxy = new CuttableProxy(5432);
             Engines.Forked engine = new Engines.Forked(db.via(proxy.port()), work, ARGS)) {
            Api api = engine.api();
            Api anonymous = api.as(null);
            JobRecoveryIT.Started job = new JobRecoveryIT.Started(JobRecoveryIT.startJob(api, NUMBERS), 0);
            long before = JobRecoveryIT.waitForProgress(api, job.id(), NUMBERS / 10);
            assertThat(before).as("the cut must land mid-job").isLessThan(NUMBERS);

            long cutAt = System.nanoTime();
            proxy.cut();
            Engines.await(Duration.ofSeconds(30), "health DOWN", () -> anonymous.get("/actuator/health").status() == 503);
            assertThat(anonymous.get("/actuator/health/liveness").status()).as("the engine lives").isEqualTo(200);
            Thread.sleep(Math.max(0, 5_000 - (System.nanoTime() - cutAt) / 1_000_000));
            proxy.restore();

            JsonNode done = ResourceJobs.awaitComplete(api, job.path(), JobRecoveryIT.TIMEOUT);
            assertThat(done.path("successes").size()).isEqualTo(NUMBERS);
            assertThat(done.path("errors").size()).isZero();
            JsonNode task = api.awaitEnd(job.id(), JobRecoveryIT.TIMEOUT);
            assertThat(task.path("status").asString()).isEqualTo("success");
            assertThat(task.path("success_count").asLong()).as("each number counted once").isEqualTo(NUMBERS);
            assertThat(api.get("/v2/audit?target_id=" + job.id()).body()).as("resumed by the engine itself").contains("\"resume\"");
        }
    }

    /**
     * The link flaps under a number job ({@link LinkFaults}: ten cuts of 0.2 to 3 s), then single connections fail at
     * transactions' ends, before a {@code COMMIT} or {@code ROLLBACK} reaches the database or after it was answered:
     * the job ends by itself, each number added and counted once.
     */
    @Test
    void aJobUnderAFlappingLinkAndFaultsAtCommitsAddsEveryNumberOnce() throws Exception {
        PluginTestKit.pack(NumbersPlugin.class, work.resolve("plugins"));
        String[] slower = Arrays.stream(ARGS).map(a -> a.startsWith("--numbers.add.wait-after-row-ms=") ? "--numbers.add.wait-after-row-ms=4" : a)
                .toArray(String[]::new); // the faults last about a minute
        try (TestDatabase db = TestDatabase.postgres(); CuttableProxy proxy = LinkFaults.proxy();
             Engines.Forked engine = new Engines.Forked(db.via(proxy.port()), work, slower)) {
            Api api = engine.api();
            JobRecoveryIT.Started job = new JobRecoveryIT.Started(JobRecoveryIT.startJob(api, NUMBERS), 0);
            JobRecoveryIT.waitForProgress(api, job.id(), NUMBERS / 20);
            LinkFaults.flap(proxy);
            AtomicInteger faults = LinkFaults.failTransactionEnds(proxy);

            JsonNode done = ResourceJobs.awaitComplete(api, job.path(), JobRecoveryIT.TIMEOUT);
            assertThat(done.path("successes").size()).isEqualTo(NUMBERS);
            assertThat(done.path("errors").size()).isZero();
            JsonNode task = api.awaitEnd(job.id(), JobRecoveryIT.TIMEOUT);
            assertThat(task.path("status").asString()).as(task.toString()).isEqualTo("success");
            assertThat(task.path("success_count").asLong()).as("each number counted once").isEqualTo(NUMBERS);
            assertThat(faults.get()).as("faults at transactions' ends").isPositive();
        }
    }
}
