-- Which node runs each partition of a split task (one Spring Batch step execution each), claimed when it begins: a
-- partition whose node died (silent, stopped, or started again since the claim) is marked failed by the live nodes,
-- and its task runs it again elsewhere from its last committed chunk.
CREATE TABLE bw_partition (
    step_execution_id BIGINT       PRIMARY KEY,
    task_id           VARCHAR(32)  NOT NULL,
    node              VARCHAR(255) NOT NULL,
    claimed           BIGINT       NOT NULL
);
CREATE INDEX bw_partition_by_task ON bw_partition (task_id);
