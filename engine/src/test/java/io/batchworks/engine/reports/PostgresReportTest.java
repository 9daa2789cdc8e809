package io.batchworks.engine.reports;

import io.batchworks.engine.support.TestDatabase;

class PostgresReportTest extends ReportScenarios {

    @Override
    protected TestDatabase database() {
        return TestDatabase.postgres();
    }
}
