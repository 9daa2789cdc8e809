package io.batchworks.plugins.rates;

import io.batchworks.engine.support.TestDatabase;

class HsqldbCrashRestartIT extends CrashRestartScenarios {
    @Override
    protected TestDatabase database() {
        return TestDatabase.hsqldb();
    }
}
