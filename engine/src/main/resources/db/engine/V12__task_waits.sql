-- Tasks that wait for others (PUT /v2/tasks?...&after=ID,ID): one row per task waited for, with the statuses it must
-- have ended in (after_status); reason says why the waiting task ended failure without running, when it did.
CREATE TABLE bw_task_wait (
    task_id      VARCHAR(32)   NOT NULL,
    after_id     VARCHAR(32)   NOT NULL,
    after_status VARCHAR(32)   NOT NULL,
    reason       VARCHAR(1000),
    PRIMARY KEY (task_id, after_id)
);
CREATE INDEX bw_task_wait_by_after ON bw_task_wait (after_id);
