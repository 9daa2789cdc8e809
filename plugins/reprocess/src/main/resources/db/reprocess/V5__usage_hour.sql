-- Each call's hour (started / 3600, as the engine computes it): HSQLDB picks an index by equalities only, so it read a
-- period's calls (started between two times) by walking all the scope's calls; hour by hour, through this index, it
-- reads only the period's. PostgreSQL uses the index the same way.
ALTER TABLE rp_usage ADD COLUMN hour BIGINT;
UPDATE rp_usage SET hour = started / 3600;
ALTER TABLE rp_usage ALTER COLUMN hour SET NOT NULL;
CREATE INDEX rp_usage_by_hour ON rp_usage (scope_id, hour, call_id);
