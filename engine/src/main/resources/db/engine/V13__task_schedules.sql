-- Task schedules (/v2/accounts/{A}/task_schedules): each fire makes an ordinary task of the account, which names its
-- schedule (bw_task.schedule_id). The timing is either a cron expression in a time zone or a period (every_ms); its
-- Quartz trigger lives in the QRTZ_ tables, in the same transaction as the row. A stored input is kept in
-- bw_task_file under the schedule's id.
ALTER TABLE bw_task ADD COLUMN schedule_id VARCHAR(32);
CREATE INDEX bw_task_by_schedule ON bw_task (schedule_id, created);

CREATE TABLE bw_schedule (
    id              VARCHAR(32)   PRIMARY KEY,
    account_id      VARCHAR(32)   NOT NULL,
    auth_account_id VARCHAR(32)   NOT NULL,
    name            VARCHAR(255),
    category        VARCHAR(64)   NOT NULL,
    action          VARCHAR(64)   NOT NULL,
    params          VARCHAR(8192) NOT NULL,
    cron            VARCHAR(255),
    time_zone       VARCHAR(64),
    every_ms        BIGINT,
    overlap         VARCHAR(16)   NOT NULL,
    misfire         VARCHAR(16)   NOT NULL,
    enabled         BOOLEAN       NOT NULL,
    input_name      VARCHAR(512),
    input_rows      BIGINT,
    follow_up       VARCHAR(8192),
    created         BIGINT        NOT NULL,
    modified        BIGINT        NOT NULL
);
CREATE INDEX bw_schedule_by_account ON bw_schedule (account_id, created, id);

-- What each fire of a schedule became: a task, a skip (the previous task still ran), fires missed while no node ran,
-- or an error. One row per scheduled fire time, so a fire retried after a crash is recognised.
CREATE TABLE bw_schedule_fire (
    schedule_id VARCHAR(32)   NOT NULL,
    fire_time   BIGINT        NOT NULL,
    happened    BIGINT        NOT NULL,
    outcome     VARCHAR(16)   NOT NULL,
    task_id     VARCHAR(32),
    detail      VARCHAR(1000),
    PRIMARY KEY (schedule_id, fire_time)
);
