package io.batchworks.engine.usage;

import io.batchworks.engine.support.TestDatabase;

class HsqldbRatingTest extends RatingScenarios {
    @Override
    protected TestDatabase database() {
        return TestDatabase.hsqldb();
    }
}
