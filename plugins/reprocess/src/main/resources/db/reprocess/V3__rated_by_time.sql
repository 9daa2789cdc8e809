-- The summary and the export select rated calls by scope and time.
CREATE INDEX rp_rated_by_time ON rp_rated (scope_id, started);
