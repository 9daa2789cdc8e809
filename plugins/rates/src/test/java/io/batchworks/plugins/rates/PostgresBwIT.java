package io.batchworks.plugins.rates;

import io.batchworks.engine.support.TestDatabase;

class PostgresBwIT extends BwScenarios {

    @Override
    protected TestDatabase database() {
        return TestDatabase.postgres();
    }
}
