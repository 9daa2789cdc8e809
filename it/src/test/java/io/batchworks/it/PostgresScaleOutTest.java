package io.batchworks.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import io.batchworks.engine.csv.Csv;
import io.batchworks.client.samples.SampleRatedeck;
import io.batchworks.client.samples.SampleUsage;
import io.batchworks.testapi.Api;
import io.batchworks.engine.support.CuttableProxy;
import io.batchworks.engine.support.Engines;
import io.batchworks.engine.support.TestBroker;
import io.batchworks.engine.support.TestDatabase;
import io.batchworks.plugin.Row;

import org.junit.jupiter.api.Test;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import tools.jackson.databind.JsonNode;

/**
 * Three engine processes on one PostgreSQL database and RabbitMQ, the partitions of split tasks sent through the
 * broker: a ratedeck import of 30,000 rows split by rate, and the rating of 12,000 calls of 40 scopes split by scope,
 * each with {@code kill -9} of a node while it runs one of the task's partitions and with every node's link to the
 * broker flapping (seeded cuts through one proxy, so requests are sent, taken and acknowledged across cuts). Both end
 * as a run on one node would: every good rate once and every call rated once, at the price one node would give it; and the killed node's
 * partitions are shown (their step executions) to have been marked lost and then completed on another node. The nodes
 * start as {@code dist/batchworks} starts them, from the build's Spring AOT classes, where the broker is switched on
 * at start, not by a condition decided when the engine was built.
 */
@Execution(ExecutionMode.CONCURRENT) // forked engines that mostly wait: beside the other tests (junit.parallel, parent POM)
class PostgresScaleOutTest {

    private static final int RATES = 30_000;
    private static final int BAD_EVERY = 100;
    private static final int CALLS = 12_000;
    private static final int SCOPES = 40;
    private static final int HOURS = 24;
    private static final long HOUR = 3600;
    private static final Duration TIMEOUT = Duration.ofMinutes(3);

    @TempDir(cleanup = CleanupMode.ON_SUCCESS) // a failure keeps the nodes' logs
    Path work;

    @Test
    void splitTasksRunOverThreeNodesAndSurviveTheKillOfOne() throws Exception {
        try (TestDatabase db = TestDatabase.postgres(); CuttableProxy broker = new CuttableProxy(5672)) {
            String queue = TestBroker.freshQueue("batchworks.test.scale-out"); // its own: another test's node would take its requests
            Engines.Forked first = start(db, broker, "a", queue).join(); // alone: the first start migrates the database
            CompletableFuture<Engines.Forked> startB = start(db, broker, "b", queue);
            CompletableFuture<Engines.Forked> startC = start(db, broker, "c", queue);
            try (Engines.Forked a = first; Engines.Forked b = startB.join(); Engines.Forked c = startC.join();
                 Connection sql = db.connect()) {
                Map<String, Engines.Forked> nodes = new LinkedHashMap<>(Map.of("a", a, "b", b, "c", c));
                assertThat(Files.readString(a.log())).contains("Starting AOT-processed BatchworksApplication");
                Api viaA = a.api();
                // one price per second for every number: a call costs 0.01 per second, whichever node rates it
                String deck = "prefix,rate_cost,rate_increment,rate_minimum,rate_nocharge_time,rate_surcharge\n"
                        + "1,0.6,1,0,0,0\n2,0.6,1,0,0,0\n3,0.6,1,0,0,0\n4,0.6,1,0,0,0\n5,0.6,1,0,0,0\n6,0.6,1,0,0,0\n"
                        + "7,0.6,1,0,0,0\n8,0.6,1,0,0,0\n9,0.6,1,0,0,0\n";
                assertThat(run(viaA, "rates", "import", "", deck).path("status").asString()).isEqualTo("success");

                String lost = importRatedeck(viaA, sql, nodes, broker);
                nodes.remove(lost);
                nodes.remove(rateCalls(viaA, sql, nodes, broker));

                JsonNode listed = viaA.get("/v2/nodes").json().path("data");
                List<String> alive = new ArrayList<>();
                listed.forEach(n -> {
                    if (n.path("alive").asBoolean()) {
                        alive.add(n.path("node").asString());
                    }
                    assertThat(n.has("partitions")).as("each node lists the partitions it runs").isTrue();
                });
                assertThat(alive).containsExactly("a");
            }
        }
    }

    /** The import, with the kill of a node that runs one of its partitions: the node killed. */
    private String importRatedeck(Api viaA, Connection sql, Map<String, Engines.Forked> nodes, CuttableProxy broker) throws Exception {
        Path rates = work.resolve("rates.csv");
        try (Writer out = Files.newBufferedWriter(rates)) {
            SampleRatedeck.write(new SampleRatedeck.Options(RATES, 11, BAD_EVERY, null), out);
        }
        String id = viaA.createAndStart("category=rates&action=import&ratedeck_id=big", rates);
        BrokerFlapping flapping = new BrokerFlapping(broker);
        String killed = killAWorkerOf(id, sql, nodes, viaA, RATES / 5);
        Api survivor = survivor(nodes, killed, viaA);
        JsonNode end = survivor.awaitEnd(id, TIMEOUT);
        assertThat(end.path("status").asString()).as(end.toString()).isEqualTo("partial");
        assertThat(end.path("success_count").asLong()).isEqualTo(RATES - RATES / BAD_EVERY);
        assertThat(end.path("failure_count").asLong()).isEqualTo(RATES / BAD_EVERY);

        // every good row's rate is in the deck once, as one node would leave it (a rate is its prefix and country in the
        // sample); no rate of a rejected row
        Set<Long> failedLines = new HashSet<>();
        survivor.getCsv("/v2/tasks/" + id + "?csv_name=out.csv").body().lines().skip(1)
                .forEach(l -> failedLines.add(Long.parseLong(l.substring(l.lastIndexOf(',') + 1))));
        assertThat(failedLines).hasSize(RATES / BAD_EVERY);
        Map<String, String> expected = new LinkedHashMap<>();
        Csv.Rows input = Csv.reader(rates, 1 << 16);
        input.open(new ExecutionContext());
        try {
            for (Row row = input.read(); row != null; row = input.read()) {
                if (!failedLines.contains(row.line())) {
                    expected.put(row.get("prefix") + " " + row.get("iso_country_code"),
                            new BigDecimal(row.get("rate_cost")).stripTrailingZeros().toPlainString());
                }
            }
        } finally {
            input.close();
        }
        Map<String, String> stored = new LinkedHashMap<>();
        query(sql, "SELECT prefix || ' ' || iso_country_code, rate_cost FROM rates WHERE ratedeck_id = 'big'",
                rs -> assertThat(stored.put(rs.getString(1), rs.getBigDecimal(2).stripTrailingZeros().toPlainString()))
                        .as("rate " + rs.getString(1) + " once").isNull());
        assertThat(stored).isEqualTo(expected);
        assertRanElsewhere(sql, id, killed);
        flapping.assertLanded();
        return killed;
    }

    /**
     * The rating of every scope's day, split by scope, with the kill of a node that runs one of its partitions: the node
     * killed.
     */
    private String rateCalls(Api viaA, Connection sql, Map<String, Engines.Forked> nodes, CuttableProxy broker) throws Exception {
        String master = viaA.get("/v2/token_auth").data().path("account_id").asString();
        List<String> scopes = new ArrayList<>();
        for (int i = 0; i < SCOPES; i++) {
            scopes.add(viaA.createAccount(master, Map.of("name", "scope " + i)));
        }
        long from = Instant.now().getEpochSecond() / HOUR * HOUR - (HOURS + 6) * HOUR; // every period closed and settled
        StringBuilder calls = new StringBuilder();
        SampleUsage.write(new SampleUsage.Options(CALLS, 5, 0, scopes, Instant.ofEpochSecond(from), HOURS), calls);
        JsonNode imported = run(viaA, "usage", "import", "", calls.toString());
        assertThat(imported.path("success_count").asLong()).as(imported.toString()).isEqualTo(CALLS);

        // each scope's periods from its next to rate (as the processing cycle would give them), in order
        StringBuilder periods = new StringBuilder("scope_id,period_start\n");
        int[] rows = new int[1];
        query(sql, "SELECT scope_id, last_processed FROM rp_scope ORDER BY scope_id", rs -> {
            for (long start = rs.getLong(2); start < from + HOURS * HOUR; start += HOUR) {
                periods.append(rs.getString(1)).append(',').append(start).append('\n');
                rows[0]++;
            }
        });
        String id = viaA.createAndStart("category=usage&action=rate", periods.toString());
        BrokerFlapping flapping = new BrokerFlapping(broker);
        String killed = killAWorkerOf(id, sql, nodes, viaA, rows[0] / 5);
        JsonNode end = viaA.awaitEnd(id, TIMEOUT);
        assertThat(end.path("status").asString()).as(end.toString()).isEqualTo("success");
        assertThat(end.path("success_count").asLong()).isEqualTo(rows[0]);

        long[] usage = new long[2];
        query(sql, "SELECT count(*), sum(duration_s) FROM rp_usage", rs -> {
            usage[0] = rs.getLong(1);
            usage[1] = rs.getLong(2);
        });
        query(sql, "SELECT count(*), count(DISTINCT scope_id || ':' || call_id), sum(price) FROM rp_rated", rs -> {
            assertThat(rs.getLong(1)).as("calls rated").isEqualTo(CALLS).isEqualTo(usage[0]);
            assertThat(rs.getLong(2)).as("each once").isEqualTo(CALLS);
            assertThat(rs.getBigDecimal(3)).as("priced as one node would").isEqualByComparingTo(BigDecimal.valueOf(usage[1], 2));
        });
        assertRanElsewhere(sql, id, killed);
        flapping.assertLanded();
        return killed;
    }

    /**
     * Waits for the task to have done {@code rows} and for a node other than A (the task's own) to be running one of its
     * partitions, then kills that node.
     */
    private String killAWorkerOf(String taskId, Connection sql, Map<String, Engines.Forked> nodes, Api viaA, long rows)
            throws Exception {
        String[] victim = new String[1];
        Engines.await(TIMEOUT, "a partition of " + taskId + " under way on a node other than a", () -> {
            JsonNode task = viaA.get("/v2/tasks/" + taskId).task();
            if (task.path("success_count").asLong() + task.path("failure_count").asLong() < rows) {
                return false;
            }
            try {
                query(sql, "SELECT c.node FROM bw_partition c JOIN BATCH_STEP_EXECUTION s ON s.STEP_EXECUTION_ID = c.step_execution_id"
                        + " WHERE c.task_id = '" + taskId + "' AND s.STATUS = 'STARTED' AND c.node <> 'a'", rs -> victim[0] = rs.getString(1));
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
            return victim[0] != null;
        });
        JsonNode listed = viaA.get("/v2/nodes").json().path("data");
        List<String> partitions = new ArrayList<>();
        listed.forEach(n -> {
            if (n.path("node").asString().equals(victim[0])) {
                n.path("partitions").forEach(p -> partitions.add(p.path("task_id").asString()));
            }
        });
        assertThat(partitions).as("GET /v2/nodes: the partitions node " + victim[0] + " runs").contains(taskId);
        nodes.get(victim[0]).kill();
        JsonNode task = viaA.get("/v2/tasks/" + taskId).task();
        assertThat(task.path("status").asString()).as("killed mid-run").isEqualTo("executing");
        return victim[0];
    }

    /** Each partition the killed node ran was marked lost, then completed on another node. */
    private static void assertRanElsewhere(Connection sql, String taskId, String killed) throws SQLException {
        List<String> lost = new ArrayList<>();
        query(sql, "SELECT s.STEP_NAME, s.EXIT_CODE FROM bw_partition c JOIN BATCH_STEP_EXECUTION s"
                + " ON s.STEP_EXECUTION_ID = c.step_execution_id WHERE c.task_id = '" + taskId + "' AND c.node = '" + killed
                + "' AND s.STATUS <> 'COMPLETED'", rs -> {
                    assertThat(rs.getString(2)).as("partition " + rs.getString(1) + " on the killed node").isEqualTo("NODE_LOST");
                    lost.add(rs.getString(1));
                });
        assertThat(lost).as("partitions lost with node " + killed).isNotEmpty();
        for (String partition : lost) {
            List<String> completedOn = new ArrayList<>();
            query(sql, "SELECT c.node FROM bw_partition c JOIN BATCH_STEP_EXECUTION s ON s.STEP_EXECUTION_ID = c.step_execution_id"
                    + " WHERE c.task_id = '" + taskId + "' AND s.STEP_NAME = '" + partition + "' AND s.STATUS = 'COMPLETED'",
                    rs -> completedOn.add(rs.getString(1)));
            assertThat(completedOn).as(partition + " completed elsewhere").hasSize(1).doesNotContain(killed);
        }
    }

    private static Api survivor(Map<String, Engines.Forked> nodes, String killed, Api viaA) {
        return nodes.entrySet().stream().filter(e -> !e.getKey().equals(killed) && !e.getKey().equals("a")).findFirst()
                .map(e -> e.getValue().api().as(viaA.token())).orElse(viaA);
    }

    /** Creates, uploads and starts a task through {@code api}, and waits for its end. */
    private static JsonNode run(Api api, String category, String action, String params, String csv) {
        return api.run("category=" + category + "&action=" + action + params, csv, TIMEOUT);
    }

    @FunctionalInterface
    private interface RowCheck {
        void accept(ResultSet rs) throws SQLException;
    }

    private static void query(Connection sql, String select, RowCheck each) throws SQLException {
        try (Statement s = sql.createStatement(); ResultSet rs = s.executeQuery(select)) {
            while (rs.next()) {
                each.accept(rs);
            }
        }
    }

    private CompletableFuture<Engines.Forked> start(TestDatabase db, CuttableProxy broker, String node, String queue) throws IOException {
        Path dir = Files.createDirectories(work.resolve(node));
        Dist.plugins(dir, "rates-*.jar");
        Dist.plugins(dir, "reprocess-*.jar");
        String[] args = {"--batchworks.node=" + node, "--batchworks.task-files=database", "--spring.rabbitmq.host=127.0.0.1",
            "--spring.rabbitmq.port=" + broker.port(),
            "--batchworks.partition.queue=" + queue, "--batchworks.partition.threads=2", "--batchworks.partition.count=6",
            "--batchworks.partition.poll-interval=200ms", "--batchworks.cluster.heartbeat=1", "--batchworks.cluster.dead-after=4",
            "--batchworks.recovery.interval=1", "--batchworks.recovery.backoff=1", "--reprocess.cycle-interval=86400",
            "--rates.import.chunk-size=500", "--usage.rate.wait-after-row-ms=20"};
        return CompletableFuture.supplyAsync(() -> {
            try {
                return new Engines.Forked(db, dir, args);
            } catch (Exception e) {
                throw new IllegalStateException("node " + node + " did not start", e);
            }
        });
    }
}
