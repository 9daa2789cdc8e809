package io.batchworks.engine.support;

import io.batchworks.testapi.Api;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import io.batchworks.engine.accounts.AccountStore;

import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;

/**
 * Scenarios run against one engine in this JVM, started once per run of the class on the database of that run
 * ({@link OnBothDatabases}, {@link OnPostgres}, {@link OnHsqldb} on the class), with the master account's token
 * ({@link #api}) and id ({@link #master}), in a work folder of its own ({@link #work}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class EngineScenarios {

    @TempDir
    static Path runs;
    /** The database of this run of the class. */
    @Parameter
    protected TestDatabase.Kind kind;
    protected Path work;
    protected Engines.Embedded engine;
    protected Api api;
    protected String master;
    private TestDatabase db;

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

    @BeforeParameterizedClassInvocation
    void startEngine() throws Exception {
        work = Files.createDirectories(runs.resolve(kind.name().toLowerCase(Locale.ROOT)));
        db = kind.open();
        prepare(work);
        engine = new Engines.Embedded(db, work, engineArgs());
        api = engine.api();
        master = engine.bean(AccountStore.class).master().orElseThrow().id();
    }

    @AfterParameterizedClassInvocation
    void stopEngine() throws Exception {
        if (engine != null) {
            engine.close();
        }
        if (db != null) {
            db.close();
        }
    }
}
