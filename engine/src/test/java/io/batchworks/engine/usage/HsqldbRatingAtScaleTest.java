package io.batchworks.engine.usage;

import io.batchworks.engine.support.TestDatabase;

class HsqldbRatingAtScaleTest extends RatingAtScaleScenarios {
    @Override
    protected TestDatabase database() {
        return TestDatabase.hsqldb();
    }
}
