package io.batchworks.engine.usage;

import io.batchworks.engine.support.TestDatabase;

class HsqldbReprocessCrashTest extends ReprocessCrashScenarios {
    @Override
    TestDatabase database() {
        return TestDatabase.hsqldb();
    }
}
