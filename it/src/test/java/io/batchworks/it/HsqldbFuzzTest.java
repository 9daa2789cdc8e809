package io.batchworks.it;

import io.batchworks.engine.support.TestDatabase;

class HsqldbFuzzTest extends FuzzScenarios {
    @Override
    protected TestDatabase database() {
        return TestDatabase.hsqldb();
    }
}
