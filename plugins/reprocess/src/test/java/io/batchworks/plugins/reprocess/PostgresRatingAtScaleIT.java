package io.batchworks.plugins.reprocess;

import io.batchworks.engine.support.TestDatabase;

class PostgresRatingAtScaleIT extends RatingAtScaleScenarios {
    @Override
    protected TestDatabase database() {
        return TestDatabase.postgres();
    }
}
