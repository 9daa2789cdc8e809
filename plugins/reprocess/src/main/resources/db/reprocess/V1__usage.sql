-- CloudKitty's scopes: here a scope is an account, and its usage is call records. Times are epoch seconds.
-- last_processed is the start of the first period not rated yet (CloudKitty's last_processed_timestamp).
CREATE TABLE rp_scope (
    scope_id            VARCHAR(64)  PRIMARY KEY,
    scope_key           VARCHAR(64)  NOT NULL,
    fetcher             VARCHAR(64)  NOT NULL,
    collector           VARCHAR(64)  NOT NULL,
    active              BOOLEAN      NOT NULL,
    activation_toggled  BIGINT,
    last_processed      BIGINT       NOT NULL
);

-- Calls as imported; call_id is the file's, or derived from the call's fields, so a re-import changes nothing.
CREATE TABLE rp_usage (
    scope_id     VARCHAR(64)   NOT NULL,
    call_id      VARCHAR(128)  NOT NULL,
    started      BIGINT        NOT NULL,
    number       VARCHAR(32)   NOT NULL,
    direction    VARCHAR(16)   NOT NULL,
    duration_s   INTEGER       NOT NULL,
    PRIMARY KEY (scope_id, call_id)
);
CREATE INDEX rp_usage_by_time ON rp_usage (scope_id, started);

-- Rated calls, replaced period by period: rating writes a period once, reprocessing deletes and rewrites it.
CREATE TABLE rp_rated (
    scope_id      VARCHAR(64)    NOT NULL,
    call_id       VARCHAR(128)   NOT NULL,
    period_start  BIGINT         NOT NULL,
    started       BIGINT         NOT NULL,
    number        VARCHAR(32)    NOT NULL,
    direction     VARCHAR(16)    NOT NULL,
    duration_s    INTEGER        NOT NULL,
    ratedeck_id   VARCHAR(128)   NOT NULL,
    rate_id       VARCHAR(64),
    prefix        VARCHAR(32),
    price         NUMERIC(20, 6) NOT NULL,
    unrated       BOOLEAN        NOT NULL,
    PRIMARY KEY (scope_id, call_id)
);
CREATE INDEX rp_rated_by_period ON rp_rated (scope_id, period_start);
