package io.batchworks.engine.tasks;

import io.batchworks.engine.support.TestDatabase;

class PostgresRatesTest extends RatesScenarios {
    @Override
    protected TestDatabase database() {
        return TestDatabase.postgres();
    }
}
