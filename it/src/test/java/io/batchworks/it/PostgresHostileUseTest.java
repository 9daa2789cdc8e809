package io.batchworks.it;

import io.batchworks.engine.support.TestDatabase;

class PostgresHostileUseTest extends HostileUseScenarios {
    @Override
    protected TestDatabase database() {
        return TestDatabase.postgres();
    }
}
