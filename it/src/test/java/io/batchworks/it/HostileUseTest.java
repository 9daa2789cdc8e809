package io.batchworks.it;

import java.nio.file.Path;

import io.batchworks.engine.support.EngineScenarios;
import io.batchworks.engine.support.OnBothDatabases;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The engine with every bundled plugin under hostile and heavy use, on one engine per database: tenants reaching for
 * each other's things ({@link TenantChecks}), fifty clients at once ({@link ConcurrencyChecks}), then ten thousand
 * fuzzed requests ({@link FuzzChecks}), last, since what they create and delete is theirs to.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@OnBothDatabases
class HostileUseTest extends EngineScenarios {

    @Override
    protected void prepare(Path work) throws Exception {
        Dist.plugins(work, "*.jar");
    }

    @Override
    protected String[] engineArgs() {
        return new String[] {"--reports.programs.files.type=file", "--reports.programs.files.directory=" + work.resolve("reports"),
            "--batchworks.task-threads=4", "--reprocess.cycle-interval=1", "--reprocess.settle-delay=0",
            "--batchworks.recovery.interval=1", "--batchworks.recovery.backoff=1"};
    }

    @Test
    @Order(1)
    void anAccountReachesNothingOfAnotherAndAResellerReachesItsSubAccounts() throws Exception {
        new TenantChecks(api, master).anAccountReachesNothingOfAnotherAndAResellerReachesItsSubAccounts();
    }

    @Test
    @Order(2)
    void fiftyClientsAtOnceAllFinishWithExactCounts() throws Exception {
        new ConcurrencyChecks(api, master).fiftyClientsAtOnceAllFinishWithExactCounts();
    }

    @Test
    @Order(3)
    void tenThousandHostileRequestsGetNoServerErrorAndOnlyTheirFamilysEnvelope() throws Exception {
        new FuzzChecks(api, master).tenThousandHostileRequestsGetNoServerErrorAndOnlyTheirFamilysEnvelope();
    }
}
