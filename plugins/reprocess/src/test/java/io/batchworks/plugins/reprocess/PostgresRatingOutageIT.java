package io.batchworks.plugins.reprocess;

import static io.batchworks.plugins.reprocess.UsageFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.batchworks.testapi.Api;
import io.batchworks.engine.support.CuttableProxy;
import io.batchworks.engine.support.Engines;
import io.batchworks.engine.support.TestDatabase;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import tools.jackson.databind.JsonNode;

/**
 * PostgreSQL goes away for 5 s while the processing cycle rates two scopes' calls period by period (a proxy between
 * the engine and the database closes every connection and refuses new ones). The engine stays up; once the database
 * is back the cut-off rating task is resumed by the engine itself, and every period's total equals the prices
 * computed here, each call rated once.
 */
@Execution(ExecutionMode.CONCURRENT) // a forked engine that mostly waits: beside the other tests (junit.parallel, parent POM)
class PostgresRatingOutageIT {

    private static final int PERIODS = 20;
    /** Rating pauses after each period, so that the cut lands mid-task. */
    private static final String[] ARGS = {"--reprocess.cycle-interval=1", "--reprocess.settle-delay=0",
            "--usage.rate.wait-after-row-ms=300", "--batchworks.recovery.interval=1", "--batchworks.recovery.backoff=1",
            "--spring.datasource.hikari.connection-timeout=5000"};

    @TempDir
    Path work;

    @Test
    void ratingCutOffByAnOutageIsResumedAndPricesEveryCallOnce() throws Exception {
        UsageFixtures.plugins(work);
        long thisHour = Instant.now().getEpochSecond() / HOUR * HOUR;
        long from = thisHour - (PERIODS + 2) * HOUR;
        try (TestDatabase db = TestDatabase.postgres(); CuttableProxy proxy = new CuttableProxy(5432);
             Engines.Forked engine = new Engines.Forked(db.via(proxy.port()), work, ARGS)) {
            Api api = engine.api();
            Api anonymous = api.as(null);
            String root = api.put("/v2/tasks?category=rates&action=export").task().path("account_id").asString();
            importDeck(api, ONE_RATE);
            String[] scopes = {api.createAccount(root, Map.of("name", "x")), api.createAccount(root, Map.of("name", "y"))};
            List<Call> calls = calls(scopes, 4_000, from, PERIODS, 11);
            Map<String, Map<Long, BigDecimal>> prices = pricedTotals(calls, ONE_RATE);
            assertThat(importUsage(api, csv(calls)).path("success_count").asLong()).isEqualTo(4_000);
            Engines.await(TIMEOUT, "a rating task of x mid-way", () -> ratedPeriods(api, scopes[0]) >= 3);
            String cutOff = api.get("/v2/accounts/" + scopes[0] + "/tasks?category=usage&action=rate&status=executing").json()
                    .path("data").path(0).path("id").asString();

            long cutAt = System.nanoTime();
            proxy.cut();
            Engines.await(Duration.ofSeconds(30), "health DOWN", () -> anonymous.get("/actuator/health").status() == 503);
            Thread.sleep(Math.max(0, 5_000 - (System.nanoTime() - cutAt) / 1_000_000));
            proxy.restore();

            for (String scope : scopes) {
                Engines.await(TIMEOUT, "every call of " + scope + " rated",
                        () -> totals(api, scope, from, from + PERIODS * HOUR).equals(prices.get(scope)));
            }
            // the cycle may rate the scope's periods in a new task before the cut-off one's back-off has passed; it resumes all the same
            Engines.await(TIMEOUT, "the cut-off rating task resumed by the engine",
                    () -> api.get("/v2/audit?target_id=" + cutOff).body().contains("\"resume\""));
            assertThat(api.awaitEnd(cutOff, TIMEOUT).path("status").asString()).isNotEqualTo("internal_error");
            for (String scope : scopes) {
                JsonNode failed = api.get("/v2/accounts/" + scope + "/tasks?category=usage&action=rate&status=internal_error").json();
                assertThat(failed.path("data")).as("no rating task of %s left failed: %s", scope, failed).isEmpty();
            }
        }
    }
}
