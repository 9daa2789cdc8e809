package io.batchworks.plugins.reports;

import io.batchworks.engine.support.TestDatabase;

class PostgresReportIT extends ReportScenarios {

    @Override
    protected TestDatabase database() {
        return TestDatabase.postgres();
    }
}
