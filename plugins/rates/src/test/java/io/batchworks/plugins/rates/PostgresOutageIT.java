package io.batchworks.plugins.rates;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.batchworks.testapi.Api;
import io.batchworks.engine.support.CuttableProxy;
import io.batchworks.engine.support.Engines;
import io.batchworks.engine.support.Fixtures;
import io.batchworks.engine.support.TestDatabase;
import io.batchworks.testkit.PluginTestKit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import tools.jackson.databind.JsonNode;

/**
 * PostgreSQL goes away under a running import (a proxy between the engine and the database closes every connection
 * and refuses new ones): for 5 s, then for 60 s. The engine stays up and reports the database DOWN; once the database
 * is back, it resumes the import by itself from its last committed chunk, and the import ends with exactly the
 * ratedeck, counts and failed rows of an uninterrupted one.
 */
@Execution(ExecutionMode.CONCURRENT) // forked engines that mostly wait: beside the other tests (junit.parallel, parent POM)
class PostgresOutageIT {

    private static final int ROWS = 30_000;
    private static final int BAD_EVERY = 1_000;
    private static final String[] SETTINGS = {"--rates.import.chunk-size=500", "--batchworks.recovery.interval=1",
            "--batchworks.recovery.backoff=1", "--spring.datasource.hikari.connection-timeout=5000"};

    @TempDir
    Path work;

    @Test
    void anImportOutlivesOutagesOfFiveAndSixtySeconds() throws Exception {
        PluginTestKit.pack(RatesPlugin.class, work.resolve("plugins"));
        Path deck = Fixtures.ratedeck(work, "outage.csv", ROWS, "--bad-every", Integer.toString(BAD_EVERY));
        long good = ROWS - ROWS / BAD_EVERY;
        try (TestDatabase db = TestDatabase.postgres(); CuttableProxy proxy = new CuttableProxy(5432);
             Engines.Forked engine = new Engines.Forked(db.via(proxy.port()), work, SETTINGS)) {
            Api api = engine.api();
            Api anonymous = api.as(null);
            assertThat(api.awaitEnd(importInto(api, "reference", deck), ImportChecks.TIMEOUT).path("success_count").asLong())
                    .isEqualTo(good);

            for (Duration outage : List.of(Duration.ofSeconds(5), Duration.ofSeconds(60))) {
                String ratedeck = "cut" + outage.toSeconds();
                String id = importInto(api, ratedeck, deck);
                long before = ImportChecks.waitForProgress(api, id, 10_000);
                assertThat(before).as("the cut must land mid-import").isLessThan(good);
                long cutAt = System.nanoTime();
                proxy.cut();
                Engines.await(Duration.ofSeconds(30), "health DOWN", () -> anonymous.get("/actuator/health").status() == 503);
                assertThat(anonymous.get("/actuator/health/liveness").status()).as("the engine lives").isEqualTo(200);
                Thread.sleep(Math.max(0, outage.toMillis() - (System.nanoTime() - cutAt) / 1_000_000));
                proxy.restore();
                Engines.await(Duration.ofSeconds(30), "health UP", () -> anonymous.get("/actuator/health").status() == 200);

                JsonNode end = api.awaitEnd(id, ImportChecks.TIMEOUT);
                assertThat(end.path("status").asString()).as(ratedeck + ": " + end).isEqualTo("partial");
                assertThat(end.path("success_count").asLong()).isEqualTo(good);
                assertThat(end.path("failure_count").asLong()).isEqualTo(ROWS / BAD_EVERY);
                ImportChecks.assertFailedRowsAreExactlyTheBadOnes(api, work, id, ROWS, BAD_EVERY);
                ImportChecks.assertSameRates(api, work, ratedeck, "reference", good);
                assertThat(api.get("/v2/audit?target_id=" + id).body()).as("resumed by the engine itself").contains("\"resume\"");
            }
        }
    }

    private static String importInto(Api api, String ratedeck, Path deck) {
        return api.start(api.putCsv("/v2/tasks?category=rates&action=import&ratedeck_id=" + ratedeck, deck));
    }
}
