package io.batchworks.engine.numbers;

import io.batchworks.engine.support.TestDatabase;

class PostgresNumbersTest extends NumbersScenarios {
    @Override
    protected TestDatabase database() {
        return TestDatabase.postgres();
    }
}
