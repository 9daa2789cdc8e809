package io.batchworks.engine.recovery;

import io.batchworks.engine.support.TestDatabase;

class HsqldbCrashRecoveryTest extends CrashRecoveryScenarios {

    @Override
    protected TestDatabase database() {
        return TestDatabase.hsqldb();
    }
}
