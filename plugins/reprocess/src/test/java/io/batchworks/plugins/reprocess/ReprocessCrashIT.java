package io.batchworks.plugins.reprocess;

import static io.batchworks.plugins.reprocess.UsageFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Files;
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

import tools.jackson.databind.JsonNode;

/**
 * Kills the engine ({@code kill -9}) while it reprocesses a scope over 20 periods, starts it again, and finds every
 * period priced from the corrected deck exactly as an uninterrupted run prices it, and the other scope untouched. And
 * kills it while it rates 10,000 calls of 40 scopes in one task split by scope over two of its own threads: the split
 * rating resumes and prices every call once, as an uninterrupted run does.
 */
@Execution(ExecutionMode.CONCURRENT) // forked engines that mostly wait: beside the other tests (junit.parallel, parent POM)
@OnBothDatabases
class ReprocessCrashIT extends ForkedScenarios {

    /** Calls to +1 cost 0.6 a minute, then 1.8 once corrected; 0.02 a call, 30 s at least, then by 6 s. */
    private static final String[][] CORRECTED = {{"1", "1.8", "0.02", "6", "30", "0"}};
    /** Rating every 2 s with no settle delay; reprocessing pauses after each period so the kill lands mid-way. */
    private static final String[] ARGS = {"--reprocess.cycle-interval=2", "--reprocess.settle-delay=0",
            "--usage.reprocess.wait-after-row-ms=400"};
    /** No processing cycle (the test's own task rates); split by scope over two local threads; slow enough to kill. */
    private static final String[] SPLIT_ARGS = {"--reprocess.cycle-interval=86400", "--reprocess.settle-delay=0",
        "--batchworks.partition.threads=2", "--usage.rate.wait-after-row-ms=10"};
    private static final int SPLIT_CALLS = 10_000;
    private static final int SPLIT_SCOPES = 40;
    private static final int SPLIT_HOURS = 24;

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

    @Test
    void aSplitRatingKilledMidwayPricesEveryCallOnce() throws Exception {
        long from = Instant.now().getEpochSecond() / HOUR * HOUR - (SPLIT_HOURS + 6) * HOUR; // every period closed
        long end = from + SPLIT_HOURS * HOUR;
        try (TestDatabase db = database()) {
            String[] scopes = new String[SPLIT_SCOPES];
            List<Call> calls;
            String id;
            long rows = 0;
            try (Engines.Forked first = new Engines.Forked(db, work, SPLIT_ARGS)) {
                Api api = first.api();
                String root = api.get("/v2/token_auth").data().path("account_id").asString();
                importDeck(api, ONE_RATE);
                for (int i = 0; i < SPLIT_SCOPES; i++) {
                    scopes[i] = api.createAccount(root, Map.of("name", "scope " + i));
                }
                calls = calls(scopes, SPLIT_CALLS, from, SPLIT_HOURS, 11);
                assertThat(importUsage(api, csv(calls)).path("success_count").asLong()).isEqualTo(SPLIT_CALLS);

                // each scope's periods from its next to rate, in order, as the processing cycle would give them
                StringBuilder periods = new StringBuilder("scope_id,period_start\n");
                for (String scope : scopes) {
                    String next = api.get("/v2/scope?scope_id=" + scope).json().path("results").get(0)
                            .path("last_processed_timestamp").asString();
                    for (long start = parseCk(next); start < end; start += HOUR) {
                        periods.append(scope).append(',').append(start).append('\n');
                        rows++;
                    }
                }
                id = api.createAndStart("category=usage&action=rate", periods.toString());
                long fifth = rows / 5;
                Engines.await(TIMEOUT, "a fifth of the periods rated", () -> api.get("/v2/tasks/" + id).task()
                        .path("success_count").asLong() >= fifth);
                first.kill();
            }
            try (Engines.Forked second = new Engines.Forked(db, work, SPLIT_ARGS)) {
                Api api = second.api();
                JsonNode ended = api.awaitEnd(id, TIMEOUT);
                assertThat(ended.path("status").asString()).as(ended.toString()).isEqualTo("success");
                assertThat(ended.path("success_count").asLong()).isEqualTo(rows);
                assertThat(api.get("/v2/tasks/" + id + "/runs").data().path("runs").size()).as("killed mid-way, then resumed")
                        .isEqualTo(2);
                assertThat(Engines.completedPartitions(api, id)).as("split in two").containsExactly("partition:p0", "partition:p1");
                Map<String, Map<Long, BigDecimal>> expected = pricedTotals(calls, ONE_RATE);
                for (String scope : scopes) {
                    assertThat(totals(api, scope, from, end)).as("scope " + scope + " priced once per call")
                            .isEqualTo(expected.get(scope));
                }
            }
        }
    }
}
