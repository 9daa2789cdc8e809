package io.batchworks.plugins.scheduling;

import io.batchworks.engine.support.TestDatabase;

class HsqldbSchedulingIT extends SchedulingScenarios {
    @Override
    protected TestDatabase database() {
        return TestDatabase.hsqldb();
    }
}
