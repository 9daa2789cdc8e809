package io.batchworks.it;

import io.batchworks.engine.support.TestDatabase;

class HsqldbConcurrencyTest extends ConcurrencyScenarios {
    @Override
    protected TestDatabase database() {
        return TestDatabase.hsqldb();
    }
}
