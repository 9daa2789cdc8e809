package io.batchworks.engine.support;

import java.nio.file.Path;

import io.batchworks.engine.accounts.AccountStore;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scenarios run against one engine in this JVM, started once per class on the database a subclass picks, with
 * the master account's token ({@link #api}) and id ({@link #master}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class EngineScenarios {

    @TempDir
    protected static Path work;
    protected Engines.Embedded engine;
    protected Api api;
    protected String master;
    private TestDatabase db;

    protected abstract TestDatabase database();

    /** The engine's database, e.g. for a second node on it. */
    protected TestDatabase db() {
        return db;
    }

    /** Extra command-line arguments of the engine. */
    protected String[] engineArgs() {
        return new String[0];
    }

    /** Prepares the work folder before the engine starts, e.g. puts plugins into {@code work/plugins}, which the engine loads. */
    protected void prepare(Path work) throws Exception {
    }

    @BeforeAll
    void startEngine() throws Exception {
        db = database();
        prepare(work);
        engine = new Engines.Embedded(db, work, engineArgs());
        api = engine.api();
        master = engine.bean(AccountStore.class).master().orElseThrow().id();
    }

    @AfterAll
    void stopEngine() throws Exception {
        if (engine != null) {
            engine.close();
        }
        if (db != null) {
            db.close();
        }
    }
}
