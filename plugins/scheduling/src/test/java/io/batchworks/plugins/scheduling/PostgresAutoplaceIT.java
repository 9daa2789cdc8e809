package io.batchworks.plugins.scheduling;

import io.batchworks.engine.support.TestDatabase;

class PostgresAutoplaceIT extends AutoplaceScenarios {
    @Override
    protected TestDatabase database() {
        return TestDatabase.postgres();
    }
}
