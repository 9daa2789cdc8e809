package io.batchworks.plugins.numbers;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.concurrent.CompletableFuture;

import io.batchworks.engine.support.Engines;
import io.batchworks.engine.support.TestDatabase;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

class PostgresJobRecoveryIT extends JobRecoveryScenarios {

    @Override
    protected TestDatabase database() {
        return TestDatabase.postgres();
    }

    /** Two nodes on one PostgreSQL, both due to look for stalled jobs at once: the job runs once more, not twice. */
    @Test
    void twoNodesRecoveringAtOnceRunTheJobOnce() throws Exception {
        int count = 20_000;
        try (TestDatabase db = database()) {
            Started job = startAndKill(db, work, count);
            CompletableFuture<Engines.Forked> b = CompletableFuture.supplyAsync(() -> node(db, "b"));
            CompletableFuture<Engines.Forked> c = CompletableFuture.supplyAsync(() -> node(db, "c"));
            try (Engines.Forked nodeB = b.join(); Engines.Forked nodeC = c.join()) {
                JsonNode done = awaitComplete(nodeB.api(), job);
                assertThat(done.path("successes").size()).isEqualTo(count);
                JsonNode task = nodeC.api().get("/v2/tasks/" + job.id()).task();
                assertThat(task.path("success_count").asLong()).isEqualTo(count);
                assertThat(executions(db, job.id())).as("the killed run and one recovery").isEqualTo(2);
            }
        }
    }

    private Engines.Forked node(TestDatabase db, String name) {
        try {
            return new Engines.Forked(db, work, append(FAST_RECOVERY, "--batchworks.node=" + name + "@" + work.getFileName()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static int executions(TestDatabase db, String taskId) throws Exception {
        try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement(
                "SELECT count(*) FROM batch_job_execution_params WHERE parameter_name = 'task.id' AND parameter_value = ?")) {
            ps.setString(1, taskId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
