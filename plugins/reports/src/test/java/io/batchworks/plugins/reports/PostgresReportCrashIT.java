package io.batchworks.plugins.reports;

import io.batchworks.engine.support.TestDatabase;

class PostgresReportCrashIT extends ReportCrashScenarios {

    @Override
    protected TestDatabase database() {
        return TestDatabase.postgres();
    }
}
