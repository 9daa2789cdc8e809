package io.batchworks.engine.reports;

import io.batchworks.engine.support.TestDatabase;

class PostgresReportCrashTest extends ReportCrashScenarios {

    @Override
    protected TestDatabase database() {
        return TestDatabase.postgres();
    }
}
