package io.batchworks.plugin.data;

/** The databases the engine runs on. */
public enum Database {
    HSQLDB, POSTGRESQL
}
