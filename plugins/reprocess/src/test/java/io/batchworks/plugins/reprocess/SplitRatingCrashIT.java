package io.batchworks.plugins.reprocess;

import static io.batchworks.plugins.reprocess.UsageFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
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
 * Kills the engine ({@code kill -9}) while it rates 10,000 calls of 40 scopes in one task split by scope over two of its
 * own threads, and starts it again: the split rating resumes and prices every call once, as an uninterrupted run does.
 */
@Execution(ExecutionMode.CONCURRENT) // forked engines that mostly wait: beside the other tests (junit.parallel, parent POM)
@OnBothDatabases
class SplitRatingCrashIT extends ForkedScenarios {

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
