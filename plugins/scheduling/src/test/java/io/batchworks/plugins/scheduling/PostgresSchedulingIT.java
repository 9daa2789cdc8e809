package io.batchworks.plugins.scheduling;

import io.batchworks.engine.support.TestDatabase;

class PostgresSchedulingIT extends SchedulingScenarios {
    @Override
    protected TestDatabase database() {
        return TestDatabase.postgres();
    }
}
