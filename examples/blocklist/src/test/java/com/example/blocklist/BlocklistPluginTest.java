package com.example.blocklist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import io.batchworks.testapi.Api;
import io.batchworks.testkit.PluginTestKit;
import io.batchworks.testkit.TaskRun;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The plugin in a real engine (HSQLDB in a temporary directory): CSV in, outcome and CSV out. */
class BlocklistPluginTest {

    @RegisterExtension
    static final PluginTestKit kit = PluginTestKit.forPlugin(BlocklistPlugin.class).setting("blocklist.import.chunk-size", "2");

    @Test
    void goodRowsAreBlockedAndBadOnesReportedWithLineAndReason() {
        TaskRun run = kit.runTask("blocklist", "import", """
                number,reason,expires
                +14155550100,fraud,
                14155550101,spam,
                +14155550102,telemarketing,
                +14155550103,robocall,2027-01-31
                +14155550104,spam,next week
                """);

        assertEquals("partial", run.status());
        assertEquals(2, run.successCount());
        assertEquals(3, run.failureCount());
        assertTrue(run.outputCsv().contains("number must be E.164"), run.outputCsv());
        assertTrue(run.outputCsv().contains("reason must be one of fraud, spam, robocall, other"), run.outputCsv());
        assertTrue(run.outputCsv().contains("expires must be a date"), run.outputCsv());
        assertTrue(run.outputCsv().contains(",3") && run.outputCsv().contains(",4") && run.outputCsv().contains(",6"),
                "line numbers of the bad rows: " + run.outputCsv());
        String account = run.task().path("account_id").asString();
        assertEquals(2, kit.jdbc().queryForObject("SELECT COUNT(*) FROM blocklist_entry WHERE account_id = ?", Integer.class, account));
    }

    @Test
    void aReimportUpdatesAndTheExportListsTheBlocklist() {
        kit.runTask("blocklist", "import", "number,reason\n+442071838750,spam\n+33142868200,fraud\n");
        TaskRun again = kit.runTask("blocklist", "import", "number,reason,expires\n+442071838750,Robocall,2030-12-31\n");
        assertEquals("success", again.status());

        TaskRun export = kit.runTask("blocklist", "export", null, Map.of());
        assertEquals("success", export.status());
        assertTrue(export.outputCsv().startsWith("number,reason,expires"), export.outputCsv());
        assertTrue(export.outputCsv().contains("+33142868200,fraud,\n"), export.outputCsv());
        assertTrue(export.outputCsv().contains("+442071838750,robocall,2030-12-31"), export.outputCsv());
    }

    @Test
    void theLookupRouteAnswersInKazoosEnvelope() {
        TaskRun run = kit.runTask("blocklist", "import", "number,reason\n+4930901820,other\n");
        String account = run.task().path("account_id").asString();

        Api.Reply found = kit.get("/v2/accounts/" + account + "/blocklist/+4930901820");
        assertEquals(200, found.status(), found.body());
        assertEquals("other", found.json().path("data").path("reason").asString());
        assertEquals(404, kit.get("/v2/accounts/" + account + "/blocklist/+4930000000").status());
    }
}
