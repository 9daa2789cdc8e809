package io.batchworks.plugins.rates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.batchworks.engine.EngineSettings;
import io.batchworks.engine.csv.Csv;
import io.batchworks.engine.support.Engines;
import io.batchworks.testapi.Api;

import tools.jackson.databind.JsonNode;

/** What an import cut off by a fault must end as: the counts, failed rows and ratedeck of an uninterrupted one. */
final class ImportChecks {

    static final Duration TIMEOUT = Duration.ofMinutes(4);

    private ImportChecks() {
    }

    /** Waits until the task has done {@code rows} rows (or ended); its success count then. */
    static long waitForProgress(Api api, String id, long rows) throws InterruptedException {
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

    /** {@code out.csv} holds each bad row of a deck made with {@code --bad-every badEvery} once, by its line. */
    static void assertFailedRowsAreExactlyTheBadOnes(Api api, Path work, String id, int rows, int badEvery) throws IOException {
        Path out = work.resolve("out-" + id + ".csv");
        assertThat(api.download("/v2/tasks/" + id + "?csv_name=out.csv", out)).isEqualTo(200);
        Set<String> lines = new HashSet<>();
        long failed = 0;
        try (BufferedReader in = Files.newBufferedReader(out)) {
            in.readLine();
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                failed++;
                lines.add(line.substring(line.lastIndexOf(',') + 1));
            }
        }
        assertThat(failed).as("failed rows, none twice").isEqualTo(rows / badEvery);
        for (int n = badEvery; n <= rows; n += badEvery) {
            assertThat(lines).contains(Integer.toString(n + 1));
        }
    }

    /** The two ratedecks hold the same {@code rates} rates, compared by exporting both. */
    static void assertSameRates(Api api, Path work, String deck, String expectedDeck, long rates) throws IOException, InterruptedException {
        assertSameRatesIgnoringDeck(export(api, work, deck), export(api, work, expectedDeck), rates);
    }

    private static Path export(Api api, Path work, String deck) throws InterruptedException {
        JsonNode exported = api.run("category=rates&action=export&ratedeck_id=" + deck, null, TIMEOUT);
        assertThat(exported.path("status").asString()).isEqualTo("success");
        String id = exported.path("id").asString();
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

    /** A CSV text read the engine's way: the header, then each row's cells. */
    /** Parses CSV with the engine's own reader, so quoting is read as the engine writes it. */
    static List<List<String>> csv(String text) throws IOException {
        Path file = Files.createTempFile("bw", ".csv");
        try {
            Files.writeString(file, text);
            List<List<String>> rows = new ArrayList<>();
            rows.add(Csv.header(file));
            var reader = Csv.reader(file, EngineSettings.DEFAULT_MAX_CSV_LINE);
            reader.open(new org.springframework.batch.infrastructure.item.ExecutionContext());
            try {
                for (var row = reader.read(); row != null; row = reader.read()) {
                    if (!row.cells().isEmpty()) {
                        rows.add(new ArrayList<>(row.cells().values()));
                    }
                }
            } catch (Exception e) {
                throw new IOException(e);
            } finally {
                reader.close();
            }
            return rows;
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
