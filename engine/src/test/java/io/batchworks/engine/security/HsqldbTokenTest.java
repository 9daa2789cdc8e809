package io.batchworks.engine.security;

import io.batchworks.engine.support.TestDatabase;

class HsqldbTokenTest extends TokenScenarios {

    @Override
    protected TestDatabase database() {
        return TestDatabase.hsqldb();
    }
}
