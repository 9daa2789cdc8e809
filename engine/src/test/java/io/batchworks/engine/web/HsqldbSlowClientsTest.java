package io.batchworks.engine.web;

import io.batchworks.engine.support.TestDatabase;

class HsqldbSlowClientsTest extends SlowClientsScenarios {

    @Override
    protected TestDatabase database() {
        return TestDatabase.hsqldb();
    }
}
