package io.batchworks.plugins.rates;

import io.batchworks.engine.support.TestDatabase;

class HsqldbRatesIT extends RatesScenarios {
    @Override
    protected TestDatabase database() {
        return TestDatabase.hsqldb();
    }
}
