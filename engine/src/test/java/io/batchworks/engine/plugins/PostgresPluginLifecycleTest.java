package io.batchworks.engine.plugins;

import io.batchworks.engine.support.TestDatabase;

class PostgresPluginLifecycleTest extends PluginLifecycleScenarios {

    @Override
    protected TestDatabase database() {
        return TestDatabase.postgres();
    }
}
