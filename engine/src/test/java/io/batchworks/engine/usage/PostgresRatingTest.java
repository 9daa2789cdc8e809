package io.batchworks.engine.usage;

import io.batchworks.engine.support.TestDatabase;

class PostgresRatingTest extends RatingScenarios {
    @Override
    protected TestDatabase database() {
        return TestDatabase.postgres();
    }
}
