package io.batchworks.engine.numbers;

import io.batchworks.engine.support.TestDatabase;

class HsqldbJobRecoveryTest extends JobRecoveryScenarios {
    @Override
    TestDatabase database() {
        return TestDatabase.hsqldb();
    }
}
