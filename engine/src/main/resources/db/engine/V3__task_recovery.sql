-- When a task last changed (created, started, committed a chunk, ended): what recovery calls stalled.
ALTER TABLE bw_task ADD COLUMN modified BIGINT;
UPDATE bw_task SET modified = COALESCE(ended, started, created);
-- Someone asked this task to run (PATCH, or a plugin's API); a pending task nobody started is never recovered.
ALTER TABLE bw_task ADD COLUMN run_wanted BOOLEAN DEFAULT FALSE NOT NULL;
CREATE INDEX bw_task_by_type_status ON bw_task (category, action, status);
