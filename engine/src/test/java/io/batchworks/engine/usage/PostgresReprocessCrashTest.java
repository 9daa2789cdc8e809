package io.batchworks.engine.usage;

import io.batchworks.engine.support.TestDatabase;

class PostgresReprocessCrashTest extends ReprocessCrashScenarios {
    @Override
    TestDatabase database() {
        return TestDatabase.postgres();
    }
}
