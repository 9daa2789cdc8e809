package io.batchworks.plugins.reports;

import static io.batchworks.plugins.reports.ReportFixtures.json;
import static io.batchworks.plugins.reports.ReportFixtures.report;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

import io.batchworks.engine.support.Engines;
import io.batchworks.engine.support.ForkedScenarios;
import io.batchworks.engine.support.OnBothDatabases;
import io.batchworks.engine.support.TestDatabase;
import io.batchworks.testapi.Api;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import tools.jackson.databind.JsonNode;

/**
 * A report every 2 s on a real engine process: three consecutive slots become three files with the data source's
 * content; after {@code kill -9} and a restart the schedule goes on, and no slot is sent twice (a ledger program
 * appends each slot it is given, so a second send would show).
 */
@Execution(ExecutionMode.CONCURRENT) // forked engines that mostly wait: beside the other tests (junit.parallel, parent POM)
@OnBothDatabases
class ReportCrashIT extends ForkedScenarios {

    private static final Duration SLOTS = Duration.ofSeconds(90);

    @Override
    protected void prepare(Path work) throws Exception {
        ReportFixtures.plugins(work);
    }

    @Test
    void theScheduleSurvivesKill9WithNoSlotSentTwice() throws Exception {
        Path dir = work.resolve("reports");
        Path ledger = work.resolve("ledger.txt");
        List<String> args = new ArrayList<>(ReportFixtures.programArgs(dir));
        args.addAll(List.of("--reports.programs.ledger.type=exec", "--reports.programs.ledger.command=/bin/sh",
                "--reports.programs.ledger.args=-c,echo \"$REPORT_SLOT\" >> \"$0\""));
        String[] engineArgs = args.toArray(String[]::new);
        try (TestDatabase db = database()) {
            String source;
            String expected;
            long fileReport;
            try (Engines.Forked engine = new Engines.Forked(db, work, engineArgs)) {
                Api api = engine.api();
                source = "/v2/tasks/" + ReportFixtures.ratesExport(api) + "?csv_name=out.csv";
                expected = api.getCsv(source).body();
                fileReport = api.post("/private/reports", json(report("files", source, "text/csv", "deck", 2, 0)))
                        .json().path("report_serial_id").asLong();
                Api.Reply ledgerReport = api.post("/private/reports", json(report("ledger", "/v2/tasks", "application/json",
                        ledger.toString(), 2, 0)));
                assertThat(ledgerReport.status()).as(ledgerReport.body()).isEqualTo(200);
                Engines.await(SLOTS, "three files", () -> ReportFixtures.files(dir, "deck-").size() >= 3);
                Engines.await(SLOTS, "two ledger slots", () -> lines(ledger) >= 2);
                List<Long> first = slots(dir);
                assertThat(first.get(1) - first.get(0)).isEqualTo(2);
                assertThat(first.get(2) - first.get(1)).isEqualTo(2);
                engine.kill();
            }
            int beforeRestart = ReportFixtures.files(dir, "deck-").size();
            long ledgerBeforeRestart = lines(ledger);
            try (Engines.Forked engine = new Engines.Forked(db, work, engineArgs)) {
                Api api = engine.api();
                Engines.await(SLOTS, "three more files after the restart",
                        () -> ReportFixtures.files(dir, "deck-").size() >= beforeRestart + 3);
                Engines.await(SLOTS, "three more ledger slots after the restart", () -> lines(ledger) >= ledgerBeforeRestart + 3);
                List<Long> slots = slots(dir);
                for (int i = 1; i < slots.size(); i++) {
                    assertThat((slots.get(i) - slots.get(i - 1)) % 2).as("slots %s", slots).isZero();
                }
                for (Path f : ReportFixtures.files(dir, "deck-")) {
                    assertThat(Files.readString(f)).as(f.toString()).isEqualTo(expected);
                }
                // the run killed may have completed its slot without recording it: then its file counts, its send does not.
                // A send in flight has written its file a moment before it is recorded, so look until none is in flight.
                Engines.await(SLOTS, "every send but the killed one recorded", () -> {
                    long recorded = api.get("/private/reports/" + fileReport).json().path("transmissions_sent").asLong();
                    long files = ReportFixtures.files(dir, "deck-").size();
                    assertThat(files).as("a recorded send has written its file").isGreaterThanOrEqualTo(recorded);
                    return files - recorded <= 1;
                });
                JsonNode detail = api.get("/private/reports/" + fileReport).json();
                assertThat(detail.has("last_error_code")).as(detail.toString()).isFalse();
                slots = slots(dir);
                long written = slots.size();
                // the slots that fell due while no engine ran were skipped and counted; the newest was sent at start
                long skipped = detail.path("transmissions_skipped").asLong();
                assertThat(skipped).as(detail.toString()).isPositive();
                long span = (slots.get(slots.size() - 1) - slots.get(0)) / 2 + 1;
                assertThat(span - written).as("slots %s, %s", slots, detail).isBetween(skipped - 1, skipped + 1);
                List<String> ledgerLines = Files.readAllLines(ledger);
                assertThat(ledgerLines).as("each slot once").doesNotHaveDuplicates().hasSizeGreaterThanOrEqualTo(5);
                assertThat(new HashSet<>(ledgerLines)).hasSameSizeAs(ledgerLines);
            }
        }
    }

    /** Lines the ledger program has appended so far (each a slot it was run for). */
    private static long lines(Path ledger) {
        try {
            return Files.exists(ledger) ? Files.readAllLines(ledger).size() : 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Long> slots(Path dir) {
        return ReportFixtures.files(dir, "deck-").stream()
                .map(f -> Long.parseLong(f.getFileName().toString().replaceAll("\\D", ""))).sorted().toList();
    }
}
