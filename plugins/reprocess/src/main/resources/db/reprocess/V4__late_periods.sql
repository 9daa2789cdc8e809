-- Periods already rated when calls for them arrived: the import marks them (in the chunk that stores the calls), and
-- the processing cycle rates their late calls, instead of looking through every call for unrated ones each cycle.
CREATE TABLE rp_late (
    scope_id      VARCHAR(64)  NOT NULL,
    period_start  BIGINT       NOT NULL,
    PRIMARY KEY (scope_id, period_start)
);
