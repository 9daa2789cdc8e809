package io.batchworks.plugins.reprocess;

import io.batchworks.engine.support.TestDatabase;

class PostgresRatingIT extends RatingScenarios {
    @Override
    protected TestDatabase database() {
        return TestDatabase.postgres();
    }
}
