package io.batchworks.plugins.numbers;

import io.batchworks.engine.support.TestDatabase;

class PostgresNumbersIT extends NumbersScenarios {
    @Override
    protected TestDatabase database() {
        return TestDatabase.postgres();
    }
}
