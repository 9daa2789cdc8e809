package io.batchworks.engine.web;

import io.batchworks.engine.support.TestDatabase;

class PostgresSlowClientsTest extends SlowClientsScenarios {

    @Override
    protected TestDatabase database() {
        return TestDatabase.postgres();
    }
}
