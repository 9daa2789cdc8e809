package io.batchworks.plugin;

/** The databases the engine runs on. */
public enum Database {
    HSQLDB, POSTGRESQL;

    /**
     * What ends a paged query ({@code ... FETCH FIRST n ROWS ONLY}) whose {@code ORDER BY} lists every column of the
     * index it should walk, in the index's order (equality columns included): HSQLDB otherwise picks an index by the
     * query's equalities alone and sorts every row they match for each page (a quarter of a second per page of an
     * account's 90,000 tasks), and walks the index in order when told so. PostgreSQL's planner needs no hint.
     */
    public String walkingTheIndex() {
        return this == HSQLDB ? " USING INDEX" : "";
    }
}
