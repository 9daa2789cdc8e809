package io.batchworks.engine.jobs;

import java.util.List;

import io.batchworks.engine.EngineSettings;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Which node runs each partition ({@code bw_partition}): a partition is claimed, once, by the node that begins it, so
 * a request delivered twice runs once, {@code GET /v2/nodes} shows who runs what, and the live nodes can tell a
 * partition whose node died ({@code cluster.LostPartitions}).
 */
@Component
public class PartitionClaims {

    /** The exit code of a partition marked failed because its node died: its task's run is resumed, not given up. */
    public static final String NODE_LOST = "NODE_LOST";

    private final JdbcClient jdbc;
    private final String node;

    PartitionClaims(JdbcClient jdbc, EngineSettings settings) {
        this.jdbc = jdbc;
        this.node = settings.node();
    }

    /**
     * Claims a partition (a step execution) of the task for this node.
     *
     * @return whether it is this node's to run: false when another node claimed it first
     */
    public boolean claim(long stepExecutionId, String taskId) {
        try {
            jdbc.sql("INSERT INTO bw_partition (step_execution_id, task_id, node, claimed) VALUES (?, ?, ?, ?)")
                    .params(stepExecutionId, taskId, node, System.currentTimeMillis()).update();
            return true;
        } catch (DuplicateKeyException e) {
            return jdbc.sql("SELECT node FROM bw_partition WHERE step_execution_id = ?").param(stepExecutionId)
                    .query(String.class).optional().filter(node::equals).isPresent();
        }
    }

    /**
     * A partition still recorded as running: its task, its step execution, its name ({@code partition:p<i>}), the node
     * that claimed it and when.
     */
    public record Running(String taskId, long stepExecutionId, String partition, String node, long claimed) {
    }

    /** Every claimed partition that is still recorded as running, on any node. */
    public List<Running> running() {
        return jdbc.sql("SELECT c.task_id, c.step_execution_id, s.STEP_NAME AS partition, c.node, c.claimed FROM bw_partition c"
                        + " JOIN BATCH_STEP_EXECUTION s ON s.STEP_EXECUTION_ID = c.step_execution_id"
                        + " WHERE s.STATUS IN ('STARTING', 'STARTED', 'STOPPING') ORDER BY c.step_execution_id")
                .query(Running.class).list();
    }

    /** The claims of a task that is deleted. */
    public void forget(String taskId) {
        jdbc.sql("DELETE FROM bw_partition WHERE task_id = ?").param(taskId).update();
    }
}
