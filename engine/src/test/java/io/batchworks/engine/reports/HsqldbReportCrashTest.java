package io.batchworks.engine.reports;

import io.batchworks.engine.support.TestDatabase;

class HsqldbReportCrashTest extends ReportCrashScenarios {

    @Override
    protected TestDatabase database() {
        return TestDatabase.hsqldb();
    }
}
