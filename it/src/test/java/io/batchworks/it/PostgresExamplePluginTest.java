package io.batchworks.it;

import io.batchworks.engine.support.TestDatabase;

class PostgresExamplePluginTest extends ExamplePluginScenarios {

    @Override
    protected TestDatabase database() {
        return TestDatabase.postgres();
    }
}
