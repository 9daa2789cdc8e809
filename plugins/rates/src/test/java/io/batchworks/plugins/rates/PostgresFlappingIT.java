package io.batchworks.plugins.rates;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import io.batchworks.testapi.Api;
import io.batchworks.engine.support.CuttableProxy;
import io.batchworks.engine.support.Engines;
import io.batchworks.engine.support.Fixtures;
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
 * The link to PostgreSQL fails at moments no test chose by hand ({@link LinkFaults}), under a running import: it flaps
 * (ten cuts of 0.2 to 3 s at seeded random moments), then, on a second import, single connections fail exactly at transactions' ends,
 * before a {@code COMMIT} or {@code ROLLBACK} reaches the database or after it was done but before its answer came
 * back (for the chunks' transactions and every other of the engine's). Each import ends by itself exactly as an
 * uninterrupted one: counts, failed rows, ratedeck.
 */
@Execution(ExecutionMode.CONCURRENT) // a forked engine that mostly waits: beside the other tests (junit.parallel, parent POM)
class PostgresFlappingIT {

    private static final int ROWS = 10_000;
    private static final int BAD_EVERY = 1_000;
    /** A chunk of 100 rows takes about 0.1 s: the faults land among the chunks' commits. */
    private static final String[] SETTINGS = {"--rates.import.chunk-size=100", "--rates.import.wait-after-row-ms=1",
            "--batchworks.recovery.interval=1", "--batchworks.recovery.backoff=1",
            "--spring.datasource.hikari.connection-timeout=3000"};

    @TempDir(cleanup = CleanupMode.ON_SUCCESS) // a failure keeps the engine's log
    Path work;

    @Test
    void importsEndExactUnderAFlappingLinkAndFaultsAtCommitAndRollback() throws Exception {
        PluginTestKit.pack(RatesPlugin.class, work.resolve("plugins"));
        Path deck = Fixtures.ratedeck(work, "flapping.csv", ROWS, "--bad-every", Integer.toString(BAD_EVERY));
        try (TestDatabase db = TestDatabase.postgres(); CuttableProxy proxy = LinkFaults.proxy()) {
            try (Engines.Forked engine = new Engines.Forked(db.via(proxy.port()), work, SETTINGS)) {
                Api api = engine.api();
                assertExact(api, "reference", api.awaitEnd(importInto(api, "reference", deck), ImportChecks.TIMEOUT));

                String flapped = importInto(api, "flapped", deck);
                ImportChecks.waitForProgress(api, flapped, 500);
                LinkFaults.flap(proxy);
                assertExact(api, "flapped", api.awaitEnd(flapped, ImportChecks.TIMEOUT));

                String atCommits = importInto(api, "commits", deck);
                ImportChecks.waitForProgress(api, atCommits, 500);
                AtomicInteger faults = LinkFaults.failTransactionEnds(proxy);
                JsonNode end = api.awaitEnd(atCommits, ImportChecks.TIMEOUT);
                assertExact(api, "commits", end);
                assertThat(faults.get()).as("faults at transactions' ends").isGreaterThanOrEqualTo(5);
            }
        }
    }

    private void assertExact(Api api, String ratedeck, JsonNode end) throws Exception {
        long good = ROWS - ROWS / BAD_EVERY;
        String id = end.path("id").asString();
        assertThat(end.path("status").asString()).as(ratedeck + ": " + end).isEqualTo("partial");
        assertThat(end.path("success_count").asLong()).as(ratedeck + " succeeded").isEqualTo(good);
        assertThat(end.path("failure_count").asLong()).as(ratedeck + " failed").isEqualTo(ROWS / BAD_EVERY);
        ImportChecks.assertFailedRowsAreExactlyTheBadOnes(api, work, id, ROWS, BAD_EVERY);
        if (!ratedeck.equals("reference")) {
            ImportChecks.assertSameRates(api, work, ratedeck, "reference", good);
        }
    }

    private static String importInto(Api api, String ratedeck, Path deck) {
        return api.start(api.putCsv("/v2/tasks?category=rates&action=import&ratedeck_id=" + ratedeck, deck));
    }
}
