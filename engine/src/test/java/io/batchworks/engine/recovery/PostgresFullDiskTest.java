package io.batchworks.engine.recovery;

import io.batchworks.engine.support.TestDatabase;

class PostgresFullDiskTest extends FullDiskScenarios {

    @Override
    protected TestDatabase database() {
        return TestDatabase.postgres();
    }
}
