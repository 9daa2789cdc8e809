package io.batchworks.plugins.rates;

import io.batchworks.engine.support.TestDatabase;

class PostgresRatesIT extends RatesScenarios {
    @Override
    protected TestDatabase database() {
        return TestDatabase.postgres();
    }
}
