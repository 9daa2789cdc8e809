package io.batchworks.it;

import io.batchworks.engine.support.TestDatabase;

class PostgresClientTest extends ClientScenarios {

    @Override
    protected TestDatabase database() {
        return TestDatabase.postgres();
    }
}
