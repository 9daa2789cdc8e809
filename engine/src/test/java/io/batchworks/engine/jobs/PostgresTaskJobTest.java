package io.batchworks.engine.jobs;

import io.batchworks.engine.support.TestDatabase;

class PostgresTaskJobTest extends TaskJobScenarios {

    @Override
    protected TestDatabase database() {
        return TestDatabase.postgres();
    }
}
