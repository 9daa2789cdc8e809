package io.batchworks.plugins.rates;

import io.batchworks.engine.support.TestDatabase;

class HsqldbBwIT extends BwScenarios {

    @Override
    protected TestDatabase database() {
        return TestDatabase.hsqldb();
    }
}
