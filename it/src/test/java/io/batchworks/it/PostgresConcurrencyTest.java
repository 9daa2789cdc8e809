package io.batchworks.it;

import io.batchworks.engine.support.TestDatabase;

class PostgresConcurrencyTest extends ConcurrencyScenarios {
    @Override
    protected TestDatabase database() {
        return TestDatabase.postgres();
    }
}
