package io.batchworks.plugins.rates;

import io.batchworks.engine.support.TestDatabase;

class PostgresCrashRestartIT extends CrashRestartScenarios {
    @Override
    protected TestDatabase database() {
        return TestDatabase.postgres();
    }
}
