package io.batchworks.engine.retention;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

import io.batchworks.engine.plugins.TestPlugins;
import io.batchworks.engine.support.Engines;
import io.batchworks.engine.support.ForkedScenarios;
import io.batchworks.engine.support.OnPostgres;
import io.batchworks.engine.support.TestDatabase;
import io.batchworks.testapi.Api;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.postgresql.PGConnection;

import tools.jackson.databind.JsonNode;

/**
 * The cleanup of finished work on 10,000 expired tasks made in the database (each with its Spring Batch instance,
 * execution, parameters, contexts and step, some with files, partition claims and waits), beside tasks it must keep
 * (marked keep, an internal_error that recovery will resume, a failure not yet old enough) and 500 expired audit
 * records. It runs while an import runs; the engine is killed mid-cleanup, and once started again the cleanup goes on
 * from its last chunk and finishes. Every {@code batch_*} and {@code bw_*} table is counted before and after: the
 * expired tasks' rows are all gone, every other row that was there is still there, and the import ends with exact
 * counts.
 */
@Execution(ExecutionMode.CONCURRENT) // a forked engine that mostly waits: beside the other tests (junit.parallel, parent POM)
@OnPostgres
class PostgresRetentionTest extends ForkedScenarios {

    private static final int EXPIRED = 10_000;
    private static final long DAY = 86_400_000L;
    /** Spring Batch ids of the expired tasks' records: above the sequences, apart from those of the tasks that stay. */
    private static final long GONE_IDS = 1_000_000_000L;
    private static final long KEPT_IDS = 2_000_000_000L;
    private static final String[] ARGS = {"--batchworks.retention.interval=3600",
        "--greetings.import.chunk-size=50", "--greetings.import.wait-after-row-ms=2"};

    @Override
    protected void prepare(Path work) throws Exception {
        TestPlugins.greet("1.0.0", "Hello").buildTo(work.resolve("plugins/greet.jar"));
    }

    @Test
    void expiredTasksGoWithEveryRecordOfTheirsAndACutOffCleanupGoesOn() throws Exception {
        try (TestDatabase db = database()) {
            String importing;
            Map<String, long[]> before;
            long now = System.currentTimeMillis();
            try (Engines.Forked first = new Engines.Forked(db, work, ARGS)) {
                Api api = first.api();
                String master = api.get("/v2/token_auth").data().path("account_id").asString();
                try (Connection c = db.connect()) {
                    makeFinishedWork(c, master, now);
                    importing = api.createAndStart("category=greetings&action=import", TestPlugins.greetInput(3_000, 0));
                    Engines.await(Duration.ofSeconds(30), "the import under way", () -> api.get("/v2/tasks/" + importing).task()
                            .path("success_count").asLong() > 0);
                    before = counts(c, null);
                    assertThat(api.post("/v2/retention", "").status()).isEqualTo(202);
                    Engines.await(Duration.ofSeconds(60), "a part of the cleanup done", () -> count(c, "bw_task", "id LIKE 'r%'") <= EXPIRED - 1_000);
                    first.kill();
                    assertThat(count(c, "bw_task", "id LIKE 'r%'")).as("the kill landed mid-cleanup").isPositive();
                }
            }
            try (Engines.Forked second = new Engines.Forked(db, work, ARGS); Connection c = db.connect()) {
                Api api = second.api();
                assertThat(api.post("/v2/retention", "").status()).isEqualTo(202);
                Engines.await(Duration.ofSeconds(120), "the cleanup finished", () -> "completed".equals(
                        api.get("/v2/retention").data().path("last_run").path("status").asString()));
                JsonNode done = api.awaitEnd(importing, Duration.ofSeconds(120));
                assertThat(done.path("status").asString()).isEqualTo("success");
                assertThat(done.path("success_count").asLong()).isEqualTo(3_000);
                assertThat(api.get("/v2/greetings-written/" + importing).json().path("written").asLong()).as("each row once").isEqualTo(3_000);

                Map<String, long[]> after = counts(c, before);
                assertThat(after.keySet()).as("every table counted").isEqualTo(before.keySet());
                before.forEach((table, was) -> {
                    long[] is = after.get(table);
                    assertThat(is[0]).as(table + ": the expired tasks' rows").isZero();
                    assertThat(is[1]).as(table + ": the other rows that were there").isEqualTo(was[1]);
                });
                assertThat(before.get("bw_task")[0]).isEqualTo(EXPIRED);
                assertThat(before.get("batch_step_execution_context")[0]).isEqualTo(EXPIRED);
                assertThat(before.get("bw_audit")[0]).isEqualTo(500);
                assertThat(runsOfTheCleanup(c)).as("the run cut off, then its restart: one instance").containsExactly("FAILED", "COMPLETED");
                assertThat(count(c, "bw_audit", "action = 'retention' AND detail LIKE 'removed % tasks and % audit records'"))
                        .as("each run that removed something, audited").isPositive();
                assertThat(api.get("/actuator/prometheus").body()).containsPattern("batchworks_retention_removed_total\\{what=\"tasks\"\\} [1-9]");
            }
        }
    }

    /** The statuses of the cleanup's runs, oldest first. */
    private static List<String> runsOfTheCleanup(Connection c) throws SQLException {
        List<String> statuses = new ArrayList<>();
        try (ResultSet rs = c.createStatement().executeQuery("SELECT e.status FROM batch_job_execution e JOIN batch_job_instance i"
                + " ON i.job_instance_id = e.job_instance_id WHERE i.job_name = 'batchworks.retention' ORDER BY e.job_execution_id")) {
            while (rs.next()) {
                statuses.add(rs.getString(1));
            }
        }
        return statuses;
    }

    /**
     * The expired tasks ({@code r…}, 100 days old: success, partial and failure), and tasks as old or older that stay:
     * 100 kept ({@code k…}), 200 internal errors recovery will resume ({@code e…}), 300 failures 10 days old
     * ({@code f…}); 500 audit records 400 days old. Each task has a Spring Batch instance, execution, parameter,
     * contexts and a step; one in ten a file piece, a partition claim and a wait.
     */
    private static void makeFinishedWork(Connection c, String account, long now) throws Exception {
        StringBuilder tasks = new StringBuilder();
        Map<String, StringBuilder> batch = new LinkedHashMap<>();
        for (String table : List.of("batch_job_instance", "batch_job_execution", "batch_job_execution_params",
                "batch_job_execution_context", "batch_step_execution", "batch_step_execution_context")) {
            batch.put(table, new StringBuilder());
        }
        StringBuilder pieces = new StringBuilder();
        StringBuilder claims = new StringBuilder();
        StringBuilder waits = new StringBuilder();
        List<Object[]> all = new ArrayList<>(); // prefix, count, status, ended, keep, retry, first Spring Batch id
        all.add(new Object[] {"r", EXPIRED, null, now - 100 * DAY, false, false, GONE_IDS});
        all.add(new Object[] {"k", 100, "success", now - 100 * DAY, true, false, KEPT_IDS});
        all.add(new Object[] {"e", 200, "internal_error", now - 100 * DAY, false, true, KEPT_IDS + 1_000});
        all.add(new Object[] {"f", 300, "failure", now - 10 * DAY, false, false, KEPT_IDS + 2_000});
        String ts = "2026-01-01 00:00:00";
        for (Object[] kind : all) {
            IntFunction<String> status = i -> kind[2] != null ? (String) kind[2] : List.of("success", "partial", "failure").get(i % 3);
            for (int i = 0; i < (int) kind[1]; i++) {
                String id = kind[0] + String.format("%031d", i);
                long batchId = (long) kind[6] + i;
                long ended = (long) kind[3];
                tasks.append(String.join(",", id, account, account, "greetings", "import", "{}", Long.toString(ended - 60_000),
                        status.apply(i), Long.toString(ended - 60_000), Long.toString(ended), Long.toString(batchId), Long.toString(ended),
                        Boolean.toString((boolean) kind[4]), (boolean) kind[5] ? Long.toString(now + DAY) : "")).append('\n');
                batch.get("batch_job_instance").append(batchId).append(",0,greetings.import,").append(String.format("%032x", batchId)).append('\n');
                batch.get("batch_job_execution").append(batchId).append(",1,").append(batchId).append(',').append(ts).append(',').append(ts)
                        .append(',').append(ts).append(",COMPLETED,COMPLETED,,").append(ts).append('\n');
                batch.get("batch_job_execution_params").append(batchId).append(",task.id,java.lang.String,").append(id).append(",Y\n");
                batch.get("batch_job_execution_context").append(batchId).append(",{},\n");
                batch.get("batch_step_execution").append(batchId).append(",3,rows,").append(batchId).append(',').append(ts).append(',')
                        .append(ts).append(',').append(ts).append(",COMPLETED,1,10,0,10,0,0,0,0,COMPLETED,,").append(ts).append('\n');
                batch.get("batch_step_execution_context").append(batchId).append(",{},\n");
                if (i % 10 == 0) {
                    pieces.append(id).append(",in.csv,0,\\x6e616d650a\n");
                    claims.append(batchId).append(',').append(id).append(",gone-node,").append(ended).append('\n');
                    waits.append(id).append(",somebefore,any,\n");
                }
            }
        }
        PGConnection pg = c.unwrap(PGConnection.class);
        copy(pg, "bw_task (id, account_id, auth_account_id, category, action, params, created, status, started, ended,"
                + " job_execution_id, modified, keep, retry_at)", tasks);
        for (Map.Entry<String, StringBuilder> table : batch.entrySet()) {
            copy(pg, table.getKey(), table.getValue());
        }
        copy(pg, "bw_task_file (task_id, name, seq, data)", pieces);
        copy(pg, "bw_partition (step_execution_id, task_id, node, claimed)", claims);
        copy(pg, "bw_task_wait (task_id, after_id, after_status, reason)", waits);
        try (Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO bw_audit (happened, actor, action, target_type, target_id, account_id)"
                    + " SELECT " + (now - 400 * DAY) + " + n, 'test', 'create', 'task', 'old' || n, '" + account + "'"
                    + " FROM generate_series(1, 500) AS n");
        }
    }

    private static void copy(PGConnection pg, String into, CharSequence csv) throws Exception {
        pg.getCopyAPI().copyIn("COPY " + into + " FROM STDIN WITH (FORMAT csv)", new StringReader(csv.toString()));
    }

    /** The column that orders a table's rows by when they were made, for the tables the engine adds rows to as it works. */
    private static final Map<String, String> MADE = Map.ofEntries(Map.entry("bw_task", "created"), Map.entry("bw_audit", "id"),
            Map.entry("bw_event", "seq"), Map.entry("bw_webhook_attempt", "id"), Map.entry("bw_rows_sample", "sampled"),
            Map.entry("batch_job_instance", "job_instance_id"), Map.entry("batch_job_execution", "job_execution_id"),
            Map.entry("batch_job_execution_params", "job_execution_id"), Map.entry("batch_job_execution_context", "job_execution_id"),
            Map.entry("batch_step_execution", "step_execution_id"), Map.entry("batch_step_execution_context", "step_execution_id"));

    /**
     * For every {@code batch_*} and {@code bw_*} table: {rows of the expired tasks (or expired audit records), other
     * rows, the newest row's key}. Counted again ({@code then}: the first count), the other rows are only those made
     * by then (the engine works on meanwhile: the import's next run, the cleanup's own records).
     */
    private static Map<String, long[]> counts(Connection c, Map<String, long[]> then) throws SQLException {
        Map<String, String> expired = new LinkedHashMap<>();
        expired.put("bw_task", "id LIKE 'r%'");
        for (String table : List.of("bw_task_file", "bw_partition", "bw_task_wait")) {
            expired.put(table, "task_id LIKE 'r%'");
        }
        expired.put("bw_audit", "happened < " + (System.currentTimeMillis() - 365 * DAY));
        List<String> tables = new ArrayList<>();
        try (ResultSet rs = c.getMetaData().getTables(null, "public", null, new String[] {"TABLE"})) {
            while (rs.next()) {
                String name = rs.getString("TABLE_NAME").toLowerCase();
                if (name.startsWith("bw_") || name.startsWith("batch_")) {
                    tables.add(name);
                }
            }
        }
        Map<String, long[]> counts = new LinkedHashMap<>();
        for (String table : tables) {
            String made = MADE.get(table);
            boolean fixture = table.startsWith("batch_"); // the fixture's Spring Batch ids lie above the engine's own
            String gone = fixture ? made + " BETWEEN " + GONE_IDS + " AND " + (GONE_IDS + EXPIRED) : expired.getOrDefault(table, "FALSE");
            String engineOwn = fixture ? " AND " + made + " < " + GONE_IDS : "";
            long newest = made == null ? 0 : count(c, "(SELECT MAX(" + made + ") AS m FROM " + table + " WHERE TRUE" + engineOwn + ") x", null);
            String madeBy = then == null || made == null ? "TRUE"
                    : "(" + made + " <= " + then.get(table)[2] + (fixture ? " OR " + made + " >= " + KEPT_IDS : "") + ")";
            counts.put(table, new long[] {count(c, table, gone), count(c, table, "NOT (" + gone + ") AND " + madeBy), newest});
        }
        return counts;
    }

    /** Rows of the table that match; with no condition, the single value the query in {@code table} gives. */
    private static long count(Connection c, String table, String where) {
        String query = where == null ? "SELECT COALESCE(m, 0) FROM " + table : "SELECT COUNT(*) FROM " + table + " WHERE " + where;
        try (ResultSet rs = c.createStatement().executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
