package io.batchworks.engine.recovery;

import io.batchworks.engine.support.TestDatabase;

class PostgresCrashRestartTest extends CrashRestartScenarios {
    @Override
    TestDatabase database() {
        return TestDatabase.postgres();
    }
}
