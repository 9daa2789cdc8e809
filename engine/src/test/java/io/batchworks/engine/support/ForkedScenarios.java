package io.batchworks.engine.support;

import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scenarios that start engines of their own, as processes to kill ({@link Engines.Forked}), each test in a fresh
 * work folder whose {@code plugins/} every engine of the test loads.
 */
public abstract class ForkedScenarios {

    @TempDir(cleanup = CleanupMode.ON_SUCCESS) // a failure keeps the engines' logs
    protected Path work;

    /** A fresh database, which the test closes. */
    protected abstract TestDatabase database();

    /** Prepares the work folder before the test starts its engines, e.g. puts plugins into {@code work/plugins}. */
    protected abstract void prepare(Path work) throws Exception;

    @BeforeEach
    void prepareWork() throws Exception {
        prepare(work);
    }
}
