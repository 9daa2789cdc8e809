package io.batchworks.engine.tasks;

import io.batchworks.engine.support.TestDatabase;

class HsqldbTaskLifecycleTest extends TaskLifecycleScenarios {

    @Override
    protected TestDatabase database() {
        return TestDatabase.hsqldb();
    }
}
