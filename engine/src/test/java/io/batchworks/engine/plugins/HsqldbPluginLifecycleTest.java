package io.batchworks.engine.plugins;

import io.batchworks.engine.support.TestDatabase;

class HsqldbPluginLifecycleTest extends PluginLifecycleScenarios {

    @Override
    protected TestDatabase database() {
        return TestDatabase.hsqldb();
    }
}
