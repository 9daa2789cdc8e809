package io.batchworks.engine.reports;

import io.batchworks.engine.support.TestDatabase;

class HsqldbReportTest extends ReportScenarios {

    @Override
    protected TestDatabase database() {
        return TestDatabase.hsqldb();
    }
}
