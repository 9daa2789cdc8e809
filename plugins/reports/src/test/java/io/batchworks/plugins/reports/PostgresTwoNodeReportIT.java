package io.batchworks.plugins.reports;

import static io.batchworks.plugins.reports.ReportFixtures.json;
import static io.batchworks.plugins.reports.ReportFixtures.report;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.batchworks.engine.support.Engines;
import io.batchworks.engine.support.TestDatabase;
import io.batchworks.testapi.Api;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * Two engine processes on one PostgreSQL database, both with the report scheduler running: over ten slots of a 2 s
 * report, each slot reaches the receiver exactly once (none twice, none skipped).
 */
@Execution(ExecutionMode.CONCURRENT) // forked engines that mostly wait: beside the other tests (junit.parallel, parent POM)
class PostgresTwoNodeReportIT {

    @TempDir
    Path work;

    @Test
    void eachSlotIsTransmittedExactlyOnceByTwoNodes() throws Exception {
        try (TestDatabase db = TestDatabase.postgres();
             ReportFixtures.Receiver receiver = new ReportFixtures.Receiver(0)) {
            Path one = Files.createDirectories(work.resolve("one"));
            Path two = Files.createDirectories(work.resolve("two"));
            for (Path node : List.of(one, two)) {
                ReportFixtures.plugins(node);
            }
            String[] args = ReportFixtures.programArgs(work.resolve("reports")).toArray(String[]::new);
            try (Engines.Forked first = new Engines.Forked(db, one, args);
                 Engines.Forked second = new Engines.Forked(db, two, args)) {
                Api api = first.api();
                Api.Reply added = api.post("/private/reports", json(report("hook", "/v2/tasks", "application/json",
                        receiver.url("/slots"), 2, 0)));
                assertThat(added.status()).as(added.body()).isEqualTo(200);
                Engines.await(Duration.ofSeconds(60), "eleven slots received", () -> receiver.slots.size() >= 11);
                List<Long> slots = receiver.slots.stream().map(Long::parseLong).toList();
                List<Long> ten = slots.subList(0, 10);
                assertThat(slots).as("no slot twice").doesNotHaveDuplicates();
                for (int i = 1; i < ten.size(); i++) {
                    assertThat(ten.get(i) - ten.get(i - 1)).as("consecutive slots %s", slots).isEqualTo(2);
                }
                assertThat(second.api().get("/private/reports").json().path("reports").size()).isEqualTo(1);
            }
        }
    }
}
