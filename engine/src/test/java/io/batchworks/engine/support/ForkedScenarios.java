package io.batchworks.engine.support;

import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;

/**
 * Scenarios that start engines of their own, as processes to kill ({@link Engines.Forked}), each test in a fresh
 * work folder whose {@code plugins/} every engine of the test loads, on the database of the class's run.
 */
public abstract class ForkedScenarios {

    @TempDir(cleanup = CleanupMode.ON_SUCCESS) // a failure keeps the engines' logs
    protected Path work;

    /** The database of this run of the class ({@link OnBothDatabases}, {@link OnPostgres}, {@link OnHsqldb}). */
    @Parameter
    protected TestDatabase.Kind kind;

    /** A fresh database of this run's kind, which the test closes. */
    protected TestDatabase database() {
        return kind.open();
    }

    /** Prepares the work folder before the test starts its engines, e.g. puts plugins into {@code work/plugins}. */
    protected abstract void prepare(Path work) throws Exception;

    @BeforeEach
    void prepareWork() throws Exception {
        prepare(work);
    }
}
