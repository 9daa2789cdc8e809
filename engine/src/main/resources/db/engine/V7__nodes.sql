-- The engine processes (nodes) that share this database, each with its heartbeat: a node silent for
-- batchworks.cluster.dead-after is dead, so the others take over its tasks and a new process may take its name.
CREATE TABLE bw_node (
    name      VARCHAR(255) PRIMARY KEY,
    instance  VARCHAR(64)  NOT NULL,
    host      VARCHAR(255) NOT NULL,
    pid       BIGINT       NOT NULL,
    started   BIGINT       NOT NULL,
    heartbeat BIGINT       NOT NULL,
    stopped   BIGINT
);
