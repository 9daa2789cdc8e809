package io.batchworks.plugins.reports;

import io.batchworks.engine.support.TestDatabase;

class HsqldbReportIT extends ReportScenarios {

    @Override
    protected TestDatabase database() {
        return TestDatabase.hsqldb();
    }
}
