package io.batchworks.plugin;

/** The databases the engine runs on. */
public enum Database {
    HSQLDB, POSTGRESQL
}
