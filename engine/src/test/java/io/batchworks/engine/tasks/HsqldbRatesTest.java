package io.batchworks.engine.tasks;

import io.batchworks.engine.support.TestDatabase;

class HsqldbRatesTest extends RatesScenarios {
    @Override
    TestDatabase database() {
        return TestDatabase.hsqldb();
    }
}
