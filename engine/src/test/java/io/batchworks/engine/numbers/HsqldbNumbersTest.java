package io.batchworks.engine.numbers;

import io.batchworks.engine.support.TestDatabase;

class HsqldbNumbersTest extends NumbersScenarios {
    @Override
    protected TestDatabase database() {
        return TestDatabase.hsqldb();
    }
}
