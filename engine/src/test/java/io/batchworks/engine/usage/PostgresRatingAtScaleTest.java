package io.batchworks.engine.usage;

import io.batchworks.engine.support.TestDatabase;

class PostgresRatingAtScaleTest extends RatingAtScaleScenarios {
    @Override
    protected TestDatabase database() {
        return TestDatabase.postgres();
    }
}
