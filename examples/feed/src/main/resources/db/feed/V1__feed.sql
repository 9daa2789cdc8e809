-- Runs on HSQLDB and PostgreSQL alike. No key on id on purpose: a record written twice would show as two rows.
CREATE TABLE feed_record (
    account_id VARCHAR(64)  NOT NULL,
    task_id    VARCHAR(64)  NOT NULL,
    id         BIGINT       NOT NULL,
    name       VARCHAR(100) NOT NULL,
    amount     DECIMAL(12, 2)
);
CREATE INDEX feed_record_task ON feed_record (task_id);
