package io.batchworks.engine.recovery;

import io.batchworks.engine.support.TestDatabase;

class HsqldbCrashRestartTest extends CrashRestartScenarios {
    @Override
    TestDatabase database() {
        return TestDatabase.hsqldb();
    }
}
