package io.batchworks.engine.recovery;

import io.batchworks.engine.support.TestDatabase;

class HsqldbFullDiskTest extends FullDiskScenarios {

    @Override
    protected TestDatabase database() {
        return TestDatabase.hsqldb();
    }
}
