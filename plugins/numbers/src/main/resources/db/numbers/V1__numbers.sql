-- Kazoo resources (carriers): global when account_id is NULL, else the account's own. The document is JSON.
CREATE TABLE nb_resource (
    id          VARCHAR(32)    PRIMARY KEY,
    account_id  VARCHAR(32),
    doc         VARCHAR(65536) NOT NULL,
    created     BIGINT         NOT NULL,
    modified    BIGINT         NOT NULL
);
CREATE INDEX nb_resource_by_account ON nb_resource (account_id, id);

-- Numbers added to accounts, one owner each.
CREATE TABLE nb_number (
    number       VARCHAR(20)  PRIMARY KEY,
    account_id   VARCHAR(32)  NOT NULL,
    resource_id  VARCHAR(32)  NOT NULL,
    state        VARCHAR(16)  NOT NULL,
    created      BIGINT       NOT NULL,
    modified     BIGINT       NOT NULL
);

-- Kazoo resource jobs; each runs as the engine task of the same id (numbers/add), which holds its status and counts.
CREATE TABLE nb_job (
    id               VARCHAR(64)   PRIMARY KEY,
    account_id       VARCHAR(32)   NOT NULL,
    auth_account_id  VARCHAR(32)   NOT NULL,
    resource_id      VARCHAR(32)   NOT NULL,
    name             VARCHAR(255),
    created          BIGINT        NOT NULL
);
CREATE INDEX nb_job_by_account ON nb_job (account_id, created, id);

-- What became of each number of a numbers/add task (a job's successes and errors), written with its chunk.
CREATE TABLE nb_job_result (
    job_id       VARCHAR(64)   NOT NULL,
    number       VARCHAR(64)   NOT NULL,
    line         BIGINT        NOT NULL,
    ok           BOOLEAN       NOT NULL,
    reason       VARCHAR(32),
    message      VARCHAR(512),
    account_id   VARCHAR(32)   NOT NULL,
    resource_id  VARCHAR(32),
    decided_at   BIGINT        NOT NULL,
    PRIMARY KEY (job_id, number)
);
