package io.batchworks.it;

import io.batchworks.engine.support.TestDatabase;

class HsqldbExamplePluginTest extends ExamplePluginScenarios {

    @Override
    protected TestDatabase database() {
        return TestDatabase.hsqldb();
    }
}
