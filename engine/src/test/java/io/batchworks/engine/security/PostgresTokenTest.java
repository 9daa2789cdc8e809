package io.batchworks.engine.security;

import io.batchworks.engine.support.TestDatabase;

class PostgresTokenTest extends TokenScenarios {

    @Override
    protected TestDatabase database() {
        return TestDatabase.postgres();
    }
}
