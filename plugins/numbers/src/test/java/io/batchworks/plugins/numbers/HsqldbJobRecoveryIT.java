package io.batchworks.plugins.numbers;

import io.batchworks.engine.support.TestDatabase;

class HsqldbJobRecoveryIT extends JobRecoveryScenarios {
    @Override
    protected TestDatabase database() {
        return TestDatabase.hsqldb();
    }
}
