package io.batchworks.plugins.reprocess;

import io.batchworks.engine.support.TestDatabase;

class HsqldbReprocessCrashIT extends ReprocessCrashScenarios {
    @Override
    protected TestDatabase database() {
        return TestDatabase.hsqldb();
    }
}
