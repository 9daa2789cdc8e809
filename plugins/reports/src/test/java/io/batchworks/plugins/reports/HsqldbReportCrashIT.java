package io.batchworks.plugins.reports;

import io.batchworks.engine.support.TestDatabase;

class HsqldbReportCrashIT extends ReportCrashScenarios {

    @Override
    protected TestDatabase database() {
        return TestDatabase.hsqldb();
    }
}
