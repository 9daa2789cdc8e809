-- Kazoo-style accounts: a tree under the master (super-admin) account.
CREATE TABLE bw_account (
    id                  VARCHAR(32)   PRIMARY KEY,
    name                VARCHAR(255)  NOT NULL,
    parent_id           VARCHAR(32),
    is_reseller         BOOLEAN       DEFAULT FALSE NOT NULL,
    is_superduper_admin BOOLEAN       DEFAULT FALSE NOT NULL,
    ratedeck_id         VARCHAR(128),
    api_key             VARCHAR(64)   NOT NULL,
    created             BIGINT        NOT NULL,
    CONSTRAINT bw_account_api_key UNIQUE (api_key)
);

-- Tokens are stored as SHA-256 hashes only.
CREATE TABLE bw_token (
    token_hash  VARCHAR(64)  PRIMARY KEY,
    account_id  VARCHAR(32)  NOT NULL,
    created     BIGINT       NOT NULL
);

-- One row per task (Kazoo's task document). Counts are updated in each chunk's transaction.
CREATE TABLE bw_task (
    id               VARCHAR(32)   PRIMARY KEY,
    account_id       VARCHAR(32)   NOT NULL,
    auth_account_id  VARCHAR(32)   NOT NULL,
    category         VARCHAR(64)   NOT NULL,
    action           VARCHAR(64)   NOT NULL,
    file_name        VARCHAR(512),
    params           VARCHAR(8192) NOT NULL,
    created          BIGINT        NOT NULL,
    status           VARCHAR(16)   NOT NULL,
    total_count      BIGINT,
    success_count    BIGINT        DEFAULT 0 NOT NULL,
    failure_count    BIGINT        DEFAULT 0 NOT NULL,
    started          BIGINT,
    ended            BIGINT,
    run_started      BIGINT,
    run_base_count   BIGINT        DEFAULT 0 NOT NULL,
    node             VARCHAR(255),
    job_execution_id BIGINT
);
CREATE INDEX bw_task_by_account ON bw_task (account_id, created, id);
