-- Runs on HSQLDB and PostgreSQL alike.
CREATE TABLE blocklist_entry (
    account_id VARCHAR(64) NOT NULL,
    number     VARCHAR(16) NOT NULL,
    reason     VARCHAR(16) NOT NULL,
    expires    DATE,
    PRIMARY KEY (account_id, number)
);
