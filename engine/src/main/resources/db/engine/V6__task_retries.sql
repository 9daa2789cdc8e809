-- Automatic resumes after a fault (a database outage, a lost connection): how many in a row made no progress (a
-- committed chunk sets it back to 0, so a long task survives any number of separate faults), and when the next is due.
ALTER TABLE bw_task ADD COLUMN attempts INTEGER DEFAULT 0 NOT NULL;
ALTER TABLE bw_task ADD COLUMN retry_at BIGINT;
CREATE INDEX bw_task_by_node_status ON bw_task (node, status);
