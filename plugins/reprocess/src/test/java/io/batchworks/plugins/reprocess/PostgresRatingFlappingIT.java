package io.batchworks.plugins.reprocess;

import static io.batchworks.plugins.reprocess.UsageFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.batchworks.testapi.Api;
import io.batchworks.engine.support.CuttableProxy;
import io.batchworks.engine.support.Engines;
import io.batchworks.engine.support.LinkFaults;
import io.batchworks.engine.support.TestDatabase;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import tools.jackson.databind.JsonNode;

/**
 * The link to PostgreSQL fails at seeded moments ({@link LinkFaults}) while the processing cycle rates calls period by
 * period: it flaps while one scope is rated, and single connections fail at transactions' ends (before a
 * {@code COMMIT} or {@code ROLLBACK} reaches the database, or after it was answered) while another is. Every period's
 * total ends equal to the prices computed here, each call rated once, and no rating task is left failed.
 */
@Execution(ExecutionMode.CONCURRENT) // a forked engine that mostly waits: beside the other tests (junit.parallel, parent POM)
class PostgresRatingFlappingIT {

    private static final int PERIODS = 20;
    /** Rating pauses after each period, so that the faults land mid-task. */
    private static final String[] ARGS = {"--reprocess.cycle-interval=1", "--reprocess.settle-delay=0",
            "--usage.rate.wait-after-row-ms=600", "--batchworks.recovery.interval=1", "--batchworks.recovery.backoff=1",
            "--spring.datasource.hikari.connection-timeout=3000"};

    @TempDir(cleanup = CleanupMode.ON_SUCCESS) // a failure keeps the engine's log
    Path work;

    @Test
    void ratingUnderAFlappingLinkAndFaultsAtCommitsPricesEveryCallOnce() throws Exception {
        UsageFixtures.plugins(work);
        long thisHour = Instant.now().getEpochSecond() / HOUR * HOUR;
        long from = thisHour - (PERIODS + 2) * HOUR;
        try (TestDatabase db = TestDatabase.postgres(); CuttableProxy proxy = LinkFaults.proxy();
             Engines.Forked engine = new Engines.Forked(db.via(proxy.port()), work, ARGS)) {
            Api api = engine.api();
            String root = api.put("/v2/tasks?category=rates&action=export").task().path("account_id").asString();
            importDeck(api, ONE_RATE);
            String flapped = api.createAccount(root, Map.of("name", "flapped"));
            String atCommits = api.createAccount(root, Map.of("name", "commits"));

            AtomicInteger[] faults = new AtomicInteger[1];
            Map<Long, BigDecimal> flappedPrices = rateUnder(api, flapped, from, 11, () -> {
                LinkFaults.flap(proxy);
                // the pool may still be backing off from the last cut: the next import starts once requests are served
                Engines.await(TIMEOUT, "requests served after the flapping", () -> api.get("/v2/tasks").status() == 200);
            });
            Map<Long, BigDecimal> commitPrices = rateUnder(api, atCommits, from, 12, () -> faults[0] = LinkFaults.failTransactionEnds(proxy));
            for (Map.Entry<String, Map<Long, BigDecimal>> scope : Map.of(flapped, flappedPrices, atCommits, commitPrices).entrySet()) {
                Engines.await(TIMEOUT, "every call of " + scope.getKey() + " rated",
                        () -> totals(api, scope.getKey(), from, from + PERIODS * HOUR).equals(scope.getValue()));
                Engines.await(TIMEOUT, "no rating task of " + scope.getKey() + " executing", () -> ratedPeriods(api, scope.getKey()) == 0);
                JsonNode failed = api.get("/v2/accounts/" + scope.getKey() + "/tasks?category=usage&action=rate&status=internal_error").json();
                assertThat(failed.path("data")).as("no rating task of %s left failed: %s", scope.getKey(), failed).isEmpty();
            }
            assertThat(faults[0].get()).as("faults at transactions' ends").isPositive();
        }
    }

    /** Imports calls of one scope, waits for its rating to be under way, starts the fault; the scope's prices. */
    private static Map<Long, BigDecimal> rateUnder(Api api, String scope, long from, long seed, Fault fault) throws Exception {
        List<Call> calls = calls(new String[] {scope}, 3_000, from, PERIODS, seed);
        assertThat(importUsage(api, csv(calls)).path("success_count").asLong()).isEqualTo(3_000);
        Engines.await(TIMEOUT, "a rating task of " + scope + " mid-way", () -> ratedPeriods(api, scope) >= 2);
        fault.start();
        return pricedTotals(calls, ONE_RATE).get(scope);
    }

    @FunctionalInterface
    private interface Fault {
        void start() throws Exception;
    }
}
