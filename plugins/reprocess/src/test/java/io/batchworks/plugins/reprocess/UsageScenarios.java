package io.batchworks.plugins.reprocess;

import java.nio.file.Path;

import io.batchworks.engine.support.EngineScenarios;

/** Scenarios on one engine with the reprocess and rates plugins, whose rating cycle runs every 2 s without settling. */
abstract class UsageScenarios extends EngineScenarios {

    @Override
    protected void prepare(Path work) throws Exception {
        UsageFixtures.plugins(work);
    }

    @Override
    protected String[] engineArgs() {
        return new String[] {"--reprocess.cycle-interval=2s", "--reprocess.settle-delay=0"};
    }
}
