package io.batchworks.plugins.rates;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;

import io.batchworks.testapi.Api;
import io.batchworks.engine.support.Engines;
import io.batchworks.engine.support.Fixtures;
import io.batchworks.engine.support.ForkedScenarios;
import io.batchworks.engine.support.OnBothDatabases;
import io.batchworks.engine.support.TestDatabase;
import io.batchworks.testkit.PluginTestKit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import tools.jackson.databind.JsonNode;

/**
 * Kills the real engine process ({@code kill -9}) in the middle of a 40,000-row import, starts it again, and
 * finds exactly the ratedeck, counts and failed rows of an uninterrupted import. The import is split by rate over two
 * of the node's own threads, so this is also the kill of a split import without a broker: each partition resumes from
 * its own last chunk.
 */
@OnBothDatabases
@Execution(ExecutionMode.CONCURRENT)
class CrashRestartIT extends ForkedScenarios {

    private static final int ROWS = 40_000;
    private static final int BAD_EVERY = 1_000;
    private static final Duration TIMEOUT = Duration.ofMinutes(4);
    private static final String[] TUNING = {"--rates.import.chunk-size=500", "--batchworks.partition.threads=2"};

    @Override
    protected void prepare(Path work) throws Exception {
        PluginTestKit.pack(RatesPlugin.class, work.resolve("plugins"));
    }

    @Test
    void anImportKilledMidwayResumesToTheExactResult() throws Exception {
        Path deck = Fixtures.ratedeck(work, "crash.csv", ROWS, "--bad-every", Integer.toString(BAD_EVERY));
        long good = ROWS - ROWS / BAD_EVERY;
        try (TestDatabase db = database()) {
            String id;
            long atKill;
            try (Engines.Forked first = new Engines.Forked(db, work, TUNING)) {
                Api api = first.api();
                id = api.createAndStart("category=rates&action=import&ratedeck_id=crash", deck);
                atKill = ImportChecks.waitForProgress(api, id, 5_000);
                first.kill();
            }
            assertThat(atKill).as("the kill must land mid-import").isLessThan(good);

            try (Engines.Forked second = new Engines.Forked(db, work, TUNING)) {
                Api api = second.api();
                assertThat(api.get("/v2/tasks/" + id).task().path("success_count").asLong())
                        .as("committed chunks survive the kill").isGreaterThanOrEqualTo(atKill);
                JsonNode resumed = api.awaitEnd(id, TIMEOUT);
                assertThat(resumed.path("status").asString()).isEqualTo("partial");
                assertThat(resumed.path("success_count").asLong()).isEqualTo(good);
                assertThat(resumed.path("failure_count").asLong()).isEqualTo(ROWS / BAD_EVERY);
                ImportChecks.assertFailedRowsAreExactlyTheBadOnes(api, work, id, ROWS, BAD_EVERY);
                assertThat(Engines.completedPartitions(api, id)).as("split in two").containsExactly("partition:p0", "partition:p1");

                String reference = api.putCsv("/v2/tasks?category=rates&action=import&ratedeck_id=reference", deck)
                        .task().path("id").asString();
                api.patch("/v2/tasks/" + reference);
                JsonNode uninterrupted = api.awaitEnd(reference, TIMEOUT);
                assertThat(uninterrupted.path("success_count").asLong()).isEqualTo(good);

                ImportChecks.assertSameRates(api, work, "crash", "reference", good);
            }
        }
    }
}
