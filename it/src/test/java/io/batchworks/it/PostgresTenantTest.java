package io.batchworks.it;

import io.batchworks.engine.support.TestDatabase;

class PostgresTenantTest extends TenantScenarios {
    @Override
    protected TestDatabase database() {
        return TestDatabase.postgres();
    }
}
