-- Requests sent with an Idempotency-Key, per account and key: the reply to give again to the same request within the
-- window (request_hash, status, content_type, body), or, while they are still null, a request being answered.
CREATE TABLE bw_idempotency (
    account_id   VARCHAR(64)    NOT NULL,
    idem_key     VARCHAR(255)   NOT NULL,
    created      BIGINT         NOT NULL,
    request_hash VARCHAR(64),
    status       INTEGER,
    content_type VARCHAR(255),
    body         VARCHAR(65536),
    PRIMARY KEY (account_id, idem_key)
);
CREATE INDEX bw_idempotency_by_created ON bw_idempotency (created);
