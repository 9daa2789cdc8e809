package io.batchworks.plugin;

/** The databases the engine runs on. */
public enum Database {
    HSQLDB, POSTGRESQL;

    /**
     * What ends a paged query whose {@code ORDER BY} lists every column of the index it should walk: {@code USING INDEX}
     * on HSQLDB, nothing on PostgreSQL.
     *
     * @deprecated an HSQLDB hint for the engine's own paged queries, which the engine now keeps itself; to be removed
     *             with the next plugin-api version (docs/plugins.md lists what changes). A plugin that pages on HSQLDB
     *             ends its query with {@code " USING INDEX"} when {@code this == HSQLDB}.
     */
    @Deprecated(forRemoval = true)
    public String walkingTheIndex() {
        return this == HSQLDB ? " USING INDEX" : "";
    }
}
