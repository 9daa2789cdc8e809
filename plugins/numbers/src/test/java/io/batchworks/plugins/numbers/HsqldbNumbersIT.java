package io.batchworks.plugins.numbers;

import io.batchworks.engine.support.TestDatabase;

class HsqldbNumbersIT extends NumbersScenarios {
    @Override
    protected TestDatabase database() {
        return TestDatabase.hsqldb();
    }
}
