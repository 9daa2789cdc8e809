package io.batchworks.it;

import io.batchworks.engine.support.TestDatabase;

class PostgresFuzzTest extends FuzzScenarios {
    @Override
    protected TestDatabase database() {
        return TestDatabase.postgres();
    }
}
