package io.batchworks.it;

import io.batchworks.engine.support.TestDatabase;

class HsqldbHostileUseTest extends HostileUseScenarios {
    @Override
    protected TestDatabase database() {
        return TestDatabase.hsqldb();
    }
}
