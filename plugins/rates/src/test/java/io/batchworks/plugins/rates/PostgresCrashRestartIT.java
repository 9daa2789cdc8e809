package io.batchworks.plugins.rates;

import io.batchworks.engine.support.TestDatabase;

import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/** Beside the other tests (junit.parallel, parent POM): with the 60 s outage test, whose engine mostly waits. */
@Execution(ExecutionMode.CONCURRENT)
class PostgresCrashRestartIT extends CrashRestartScenarios {
    @Override
    protected TestDatabase database() {
        return TestDatabase.postgres();
    }
}
