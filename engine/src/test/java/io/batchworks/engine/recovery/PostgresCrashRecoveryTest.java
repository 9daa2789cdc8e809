package io.batchworks.engine.recovery;

import io.batchworks.engine.support.TestDatabase;

class PostgresCrashRecoveryTest extends CrashRecoveryScenarios {

    @Override
    protected TestDatabase database() {
        return TestDatabase.postgres();
    }
}
