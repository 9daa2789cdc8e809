package io.batchworks.engine.jobs;

import io.batchworks.engine.support.TestDatabase;

class HsqldbTaskJobTest extends TaskJobScenarios {

    @Override
    protected TestDatabase database() {
        return TestDatabase.hsqldb();
    }
}
