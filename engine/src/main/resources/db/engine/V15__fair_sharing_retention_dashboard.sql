-- Fair dispatch: a started task waits in its account's queue (queued: since when, in ms; queue_node: the node that
-- must run it, when its files are that node's alone) until a node's slot and its account's limit let it run; priority
-- orders an account's own queue (0 high, 1 normal, 2 low); weight is what a running task counts against the limits
-- (its partitions, for a split task). bw_account_turn: when each account last got a slot, which makes the round
-- robin, and the row a claim locks so that two nodes cannot both take an account past its limit.
ALTER TABLE bw_task ADD COLUMN queued BIGINT;
ALTER TABLE bw_task ADD COLUMN queue_node VARCHAR(255);
ALTER TABLE bw_task ADD COLUMN priority SMALLINT DEFAULT 1 NOT NULL;
ALTER TABLE bw_task ADD COLUMN weight INTEGER DEFAULT 1 NOT NULL;
CREATE INDEX bw_task_queue ON bw_task (queued);
CREATE INDEX bw_task_account_queue ON bw_task (account_id, queued);
CREATE INDEX bw_task_account_status ON bw_task (account_id, status);

CREATE TABLE bw_account_turn (
    account_id VARCHAR(32) PRIMARY KEY,
    served     BIGINT      NOT NULL
);

-- Quotas: the bytes of each task's files (in.csv and out.csv), counted against its account's quota; and the limits a
-- super admin sets on one account instead of the settings (null: the setting).
ALTER TABLE bw_task ADD COLUMN file_bytes BIGINT DEFAULT 0 NOT NULL;

CREATE TABLE bw_account_limits (
    account_id     VARCHAR(32) PRIMARY KEY,
    max_running    INTEGER,
    max_pending    INTEGER,
    max_file_bytes BIGINT
);

-- Retention: a task kept on purpose is never removed by the cleanup.
ALTER TABLE bw_task ADD COLUMN keep BOOLEAN DEFAULT FALSE NOT NULL;

-- The console's dashboard: tasks by status and by the day they ended, and each node's rows committed, sampled.
CREATE INDEX bw_task_by_status ON bw_task (status);
CREATE INDEX bw_task_by_ended ON bw_task (ended);
CREATE TABLE bw_rows_sample (
    node       VARCHAR(255) NOT NULL,
    sampled    BIGINT       NOT NULL,
    rows_count BIGINT       NOT NULL,
    PRIMARY KEY (node, sampled)
);
CREATE INDEX bw_rows_sample_by_time ON bw_rows_sample (sampled);
