package io.batchworks.plugins.reprocess;

import static io.batchworks.plugins.reprocess.UsageFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.batchworks.testapi.Api;
import io.batchworks.engine.support.Engines;
import io.batchworks.engine.support.ForkedScenarios;
import io.batchworks.engine.support.OnBothDatabases;
import io.batchworks.engine.support.TestDatabase;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * Kills the engine ({@code kill -9}) while it reprocesses a scope over 20 periods, starts it again, and finds every
 * period priced from the corrected deck exactly as an uninterrupted run prices it, and the other scope untouched.
 * {@link SplitRatingCrashIT} kills a split rating.
 */
@Execution(ExecutionMode.CONCURRENT) // forked engines that mostly wait: beside the other tests (junit.parallel, parent POM)
@OnBothDatabases
class ReprocessCrashIT extends ForkedScenarios {

    /** Calls to +1 cost 0.6 a minute, then 1.8 once corrected; 0.02 a call, 30 s at least, then by 6 s. */
    private static final String[][] CORRECTED = {{"1", "1.8", "0.02", "6", "30", "0"}};
    /** Rating every 2 s with no settle delay; reprocessing pauses after each period so the kill lands mid-way. */
    private static final String[] ARGS = {"--reprocess.cycle-interval=2", "--reprocess.settle-delay=0",
            "--usage.reprocess.wait-after-row-ms=400"};

    @Override
    protected void prepare(Path work) throws Exception {
        UsageFixtures.plugins(work);
    }

    @Test
    void aReprocessingKilledMidwayEndsAsAnUninterruptedOne() throws Exception {
        long thisHour = Instant.now().getEpochSecond() / HOUR * HOUR;
        long from = thisHour - 22 * HOUR;
        long last = from + 19 * HOUR; // 20 periods: from .. last, both included
        try (TestDatabase db = database()) {
            String[] scopes;
            Map<String, Map<Long, BigDecimal>> oldPrices;
            Map<String, Map<Long, BigDecimal>> newPrices;
            try (Engines.Forked first = new Engines.Forked(db, work, ARGS)) {
                Api api = first.api();
                // the master account: the one a task without an account in its path is created on
                String root = api.put("/v2/tasks?category=rates&action=export").task().path("account_id").asString();
                importDeck(api, ONE_RATE);
                scopes = new String[] {api.createAccount(root, Map.of("name", "x")), api.createAccount(root, Map.of("name", "y"))};
                List<Call> calls = calls(scopes, 8_000, from, 21, 7);
                oldPrices = pricedTotals(calls, ONE_RATE);
                newPrices = pricedTotals(calls, CORRECTED);
                assertThat(importUsage(api, csv(calls)).path("success_count").asLong()).isEqualTo(8_000);
                for (String scope : scopes) {
                    awaitRated(api, scope, from + 21 * HOUR);
                    // calls imported after rating reached their period are rated by a later cycle: wait for those too,
                    // or the deck corrected next would price them
                    Map<Long, BigDecimal> expected = new HashMap<>();
                    oldPrices.get(scope).forEach((period, price) -> expected.put(period, price.setScale(6)));
                    Engines.await(TIMEOUT, "every call of " + scope + " rated",
                            () -> totals(api, scope, from, from + 21 * HOUR).equals(expected));
                }
                importDeck(api, CORRECTED);
                Api.Reply scheduled = api.post("/v2/task/reprocesses", "{\"scope_ids\": \"" + scopes[0] + "\", \"start_reprocess_time\": \""
                        + ck(from) + "\", \"end_reprocess_time\": \"" + ck(last)
                        + "\", \"reason\": \"cost of +1 corrected\"}");
                assertThat(scheduled.status()).as(scheduled.body()).isEqualTo(202);
                String current = "";
                long deadline = System.nanoTime() + TIMEOUT.toNanos();
                while (current.isEmpty() && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                    current = currentReprocess(api, scopes[0]);
                }
                first.kill();
                assertThat(current).as("the kill must land mid-way").isNotEmpty().isNotEqualTo(ck(last));
            }
            try (Engines.Forked second = new Engines.Forked(db, work, ARGS)) {
                Api api = second.api();
                awaitReprocessed(api, scopes[0], ck(last));
                Map<Long, BigDecimal> x = totals(api, scopes[0], from, from + 21 * HOUR);
                Map<Long, BigDecimal> y = totals(api, scopes[1], from, from + 21 * HOUR);
                for (long p = from; p < from + 21 * HOUR; p += HOUR) {
                    Map<String, Map<Long, BigDecimal>> expectedX = p <= last ? newPrices : oldPrices;
                    assertThat(x.get(p)).as("scope x, period %s", p).isEqualTo(expectedX.get(scopes[0]).get(p).setScale(6));
                    assertThat(y.get(p)).as("scope y, period %s", p).isEqualTo(oldPrices.get(scopes[1]).get(p).setScale(6));
                }
            }
        }
    }
}
