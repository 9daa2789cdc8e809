package io.batchworks.plugins.reprocess;

import io.batchworks.engine.support.TestDatabase;

class HsqldbRatingIT extends RatingScenarios {
    @Override
    protected TestDatabase database() {
        return TestDatabase.hsqldb();
    }
}
