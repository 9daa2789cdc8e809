package io.batchworks.plugins.rates;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import javax.sql.DataSource;

import io.batchworks.engine.support.Api;
import io.batchworks.engine.support.Engines;
import io.batchworks.engine.support.Fixtures;
import io.batchworks.engine.support.TestDatabase;
import io.batchworks.testkit.PluginTestKit;

import org.junit.jupiter.api.Test;

class PostgresRatesIT extends RatesScenarios {
    @Override
    protected TestDatabase database() {
        return TestDatabase.postgres();
    }

    /**
     * A second node on the same database changes a deck this node holds in memory: within the recheck interval this
     * node's lookups see the change (they ask the database until the index is built again), then index it again.
     */
    @Test
    void anotherNodesChangeIsSeenWithinTheRecheckInterval() throws Exception {
        String deck = "shared";
        Path sample = Fixtures.ratedeck(work, "shared.csv", 5_000);
        LookupOracle oracle = new LookupOracle(engine.bean(DataSource.class), deck);
        assertThat(run(api, api.putCsv("/v2/tasks?category=rates&action=import&ratedeck_id=" + deck, sample)).path("status").asString())
                .isEqualTo("success");
        long before = oracle.awaitIndexed(api);
        List<String> numbers = oracle.numbers(150, 2);
        numbers.addAll(List.of("493012345", "4930199", "0123"));

        Path nodeB = work.resolve("node-b");
        PluginTestKit.pack(RatesPlugin.class, nodeB.resolve("plugins"));
        try (Engines.Forked b = new Engines.Forked(db(), nodeB, "--batchworks.node=rates-b")) {
            Api viaB = b.api();
            assertThat(run(viaB, viaB.putCsv("/v2/tasks?category=rates&action=import&ratedeck_id=" + deck, RIVALS)).path("status")
                    .asString()).isEqualTo("success");
            String delete = "prefix\n" + String.join("\n", oracle.numbers(30, 3).stream().map(n -> n.substring(0, 4)).toList()) + "\n";
            assertThat(run(viaB, viaB.putCsv("/v2/tasks?category=rates&action=delete&ratedeck_id=" + deck, delete)).path("status")
                    .asString()).isIn("success", "partial");
        }
        Thread.sleep(1_500); // the default rates.lookup.recheck is 1 s
        oracle.assertApiAgrees(api, numbers, "after node B's import and delete");
        assertThat(oracle.awaitIndexed(api)).isGreaterThan(before);
        oracle.assertApiAgrees(api, numbers, "indexed again");
    }
}
