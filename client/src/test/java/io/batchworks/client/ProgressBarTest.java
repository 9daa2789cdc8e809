package io.batchworks.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

/** ProgressBar on a terminal is one line redrawn in place; elsewhere it is plain lines, not one per poll. */
class ProgressBarTest {

    @Test
    void aTerminalGetsOneBarRedrawnInPlace() {
        StringWriter text = new StringWriter();
        ProgressBar progress = new ProgressBar(new PrintWriter(text), true);
        progress.task(task("executing", 50_000, 200_000, 1_000));
        progress.task(task("executing", 100_000, 200_000, 1_000));
        progress.end();
        assertThat(text.toString()).startsWith("\rexecuting [#######-----------------------] 25% 50,000/200,000 rows, 5,000 rows/s, ETA 30 s")
                .contains("\rexecuting [###############---------------] 50% 100,000/200,000 rows")
                .endsWith(System.lineSeparator());
        assertThat(text.toString().chars().filter(c -> c == '\n')).as("one line, ended once").hasSize(1);
    }

    @Test
    void elsewhereEachStatusAndAtMostALineEveryFewSeconds() {
        StringWriter text = new StringWriter();
        ProgressBar progress = new ProgressBar(new PrintWriter(text), false);
        progress.task(task("pending", 0, 200_000, 0));
        progress.task(task("executing", 10, 200_000, 0));
        progress.task(task("executing", 20, 200_000, 0));
        progress.task(task("partial", 200_000, 200_000, 2_000));
        progress.end();
        assertThat(text.toString()).doesNotContain("\r");
        assertThat(text.toString().lines()).hasSize(3).first().asString().startsWith("pending");
        assertThat(text.toString().lines().toList().get(2)).contains("100%", "2,000 failed");
    }

    @Test
    void aTaskWaitingForASlotShowsItsPlace() {
        StringWriter text = new StringWriter();
        ProgressBar progress = new ProgressBar(new PrintWriter(text), false);
        var queued = ApiClient.JSON.createObjectNode().put("status", "pending").put("priority", "high")
                .put("queued_timestamp", 63_900_000_000L).put("queue_place", 3);
        progress.task(queued);
        assertThat(text.toString()).startsWith("pending 0 rows, waiting for a slot (place 3 in its account's queue, priority high)");
        assertThat(BwCommand.summary(queued.put("id", "t1").put("category", "rates").put("action", "import")))
                .isEqualTo("t1  rates/import  pending  not started, waiting for a slot (place 3 in its account's queue, priority high)");
    }

    private static JsonNode task(String status, long done, long total, long failed) {
        var node = ApiClient.JSON.createObjectNode().put("status", status).put("success_count", done - failed)
                .put("failure_count", failed).put("total_count", total);
        if (status.equals("executing") && done > 1_000) {
            node.put("rows_per_second", 5_000).put("eta_seconds", (total - done) / 5_000);
        }
        return node;
    }
}
