package io.batchworks.plugins.reprocess;

import io.batchworks.engine.support.TestDatabase;

class PostgresReprocessCrashIT extends ReprocessCrashScenarios {
    @Override
    protected TestDatabase database() {
        return TestDatabase.postgres();
    }
}
