package io.batchworks.engine.tasks;

import io.batchworks.engine.support.TestDatabase;

class PostgresTaskLifecycleTest extends TaskLifecycleScenarios {

    @Override
    protected TestDatabase database() {
        return TestDatabase.postgres();
    }
}
