package io.batchworks.it;

import io.batchworks.engine.support.TestDatabase;

class HsqldbTenantTest extends TenantScenarios {
    @Override
    protected TestDatabase database() {
        return TestDatabase.hsqldb();
    }
}
