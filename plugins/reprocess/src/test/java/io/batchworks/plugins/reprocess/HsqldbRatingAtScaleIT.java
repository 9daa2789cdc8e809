package io.batchworks.plugins.reprocess;

import io.batchworks.engine.support.TestDatabase;

class HsqldbRatingAtScaleIT extends RatingAtScaleScenarios {
    @Override
    protected TestDatabase database() {
        return TestDatabase.hsqldb();
    }
}
