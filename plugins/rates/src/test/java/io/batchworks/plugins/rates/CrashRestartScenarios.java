package io.batchworks.plugins.rates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

import io.batchworks.engine.support.Api;
import io.batchworks.engine.support.Engines;
import io.batchworks.engine.support.Fixtures;
import io.batchworks.engine.support.ForkedScenarios;
import io.batchworks.engine.support.TestDatabase;
import io.batchworks.testkit.PluginTestKit;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

/**
 * Kills the real engine process ({@code kill -9}) in the middle of a 200,000-row import, starts it again, and
 * finds exactly the ratedeck, counts and failed rows of an uninterrupted import.
 */
abstract class CrashRestartScenarios extends ForkedScenarios {

    private static final int ROWS = 200_000;
    private static final int BAD_EVERY = 1_000;
    private static final Duration TIMEOUT = Duration.ofMinutes(4);
    private static final String[] TUNING = {"--rates.import.chunk-size=500"};

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
                id = api.putCsv("/v2/tasks?category=rates&action=import&ratedeck_id=crash", deck).task().path("id").asString();
                assertThat(api.patch("/v2/tasks/" + id).status()).isEqualTo(200);
                atKill = waitForProgress(api, id, 5_000);
                first.kill();
            }
            assertThat(atKill).as("the kill must land mid-import").isLessThan(good);

            try (Engines.Forked second = new Engines.Forked(db, work, TUNING)) {
                Api api = second.api();
                assertThat(api.get("/v2/tasks/" + id).task().path("success_count").asLong())
                        .as("committed chunks survive the kill").isGreaterThanOrEqualTo(atKill);
                JsonNode resumed = Engines.awaitEnd(api, id, TIMEOUT);
                assertThat(resumed.path("status").asString()).isEqualTo("partial");
                assertThat(resumed.path("success_count").asLong()).isEqualTo(good);
                assertThat(resumed.path("failure_count").asLong()).isEqualTo(ROWS / BAD_EVERY);
                assertFailedRowsAreExactlyTheBadOnes(api, id);

                String reference = api.putCsv("/v2/tasks?category=rates&action=import&ratedeck_id=reference", deck)
                        .task().path("id").asString();
                api.patch("/v2/tasks/" + reference);
                JsonNode uninterrupted = Engines.awaitEnd(api, reference, TIMEOUT);
                assertThat(uninterrupted.path("success_count").asLong()).isEqualTo(good);

                Path crashed = export(api, "crash");
                Path expected = export(api, "reference");
                assertSameRatesIgnoringDeck(crashed, expected, good);
            }
        }
    }

    private static long waitForProgress(Api api, String id, long rows) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode task = api.get("/v2/tasks/" + id).task();
            long done = task.path("success_count").asLong() + task.path("failure_count").asLong();
            if (done >= rows || !task.path("status").asString().equals("executing")) {
                return task.path("success_count").asLong();
            }
            Thread.sleep(10);
        }
        return fail("no progress on task " + id);
    }

    private void assertFailedRowsAreExactlyTheBadOnes(Api api, String id) throws IOException {
        Path out = work.resolve("out-" + id + ".csv");
        assertThat(api.download("/v2/tasks/" + id + "?csv_name=out.csv", out)).isEqualTo(200);
        Set<String> lines = new HashSet<>();
        long rows = 0;
        try (BufferedReader in = Files.newBufferedReader(out)) {
            in.readLine();
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                rows++;
                lines.add(line.substring(line.lastIndexOf(',') + 1));
            }
        }
        assertThat(rows).as("failed rows, none twice").isEqualTo(ROWS / BAD_EVERY);
        for (int n = BAD_EVERY; n <= ROWS; n += BAD_EVERY) {
            assertThat(lines).contains(Integer.toString(n + 1));
        }
    }

    private Path export(Api api, String deck) throws InterruptedException {
        String id = api.put("/v2/tasks?category=rates&action=export&ratedeck_id=" + deck).task().path("id").asString();
        api.patch("/v2/tasks/" + id);
        assertThat(Engines.awaitEnd(api, id, TIMEOUT).path("status").asString()).isEqualTo("success");
        Path file = work.resolve("export-" + deck + ".csv");
        assertThat(api.download("/v2/tasks/" + id + "?csv_name=out.csv", file)).isEqualTo(200);
        return file;
    }

    /** Both exports are ordered by prefix: compare them line by line, streaming, minus the ratedeck column. */
    private static void assertSameRatesIgnoringDeck(Path actual, Path expected, long rates) throws IOException {
        try (BufferedReader a = Files.newBufferedReader(actual); BufferedReader e = Files.newBufferedReader(expected)) {
            assertThat(a.readLine()).isEqualTo(e.readLine());
            long n = 0;
            for (String la = a.readLine(), le = e.readLine(); la != null || le != null; la = a.readLine(), le = e.readLine()) {
                assertThat(la).as("rate %d", n).isNotNull();
                assertThat(le).as("rate %d", n).isNotNull();
                assertThat(la.substring(la.indexOf(','))).as("rate %d", n).isEqualTo(le.substring(le.indexOf(',')));
                n++;
            }
            assertThat(n).isEqualTo(rates);
        }
    }
}
