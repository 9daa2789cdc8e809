package io.batchworks.engine.tasks;

import io.batchworks.engine.support.TestDatabase;

class HsqldbRatesTest extends RatesScenarios {
    @Override
    protected TestDatabase database() {
        return TestDatabase.hsqldb();
    }
}
