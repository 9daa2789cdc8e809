package io.batchworks.it;

import io.batchworks.engine.support.TestDatabase;

class HsqldbClientTest extends ClientScenarios {

    @Override
    protected TestDatabase database() {
        return TestDatabase.hsqldb();
    }
}
