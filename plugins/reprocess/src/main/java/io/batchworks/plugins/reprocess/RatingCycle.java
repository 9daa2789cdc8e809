package io.batchworks.plugins.reprocess;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import io.batchworks.plugin.PluginContext;
import io.batchworks.plugin.tasks.NewTask;
import io.batchworks.plugin.tasks.TaskState;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * CloudKitty's processing cycle: for each active scope with closed, settled periods after its
 * {@code last_processed_timestamp}, or with calls imported after their period was rated, a {@code usage/rate} task on
 * the scope's account rates those periods in order (see {@link Rater}). While a scope's task from this node runs, no
 * other is started for it; should two run at once (two nodes), the scope's row lock and the rater's order keep each
 * period rated once. Then each unfinished reprocessing schedule of an active scope gets a {@code usage/reprocess}
 * task for its remaining periods.
 */
final class RatingCycle implements Runnable {

    private final PluginContext context;
    private final Periods periods;
    /** The last rating task this node started per scope: no second one while it has not finished. */
    private final Map<String, String> started = new ConcurrentHashMap<>();
    /** Whether this process has looked through every call once for unrated ones (those stored before rp_late). */
    private volatile boolean scanned;

    RatingCycle(PluginContext context, Periods periods) {
        this.context = context;
        this.periods = periods;
    }

    @Override
    public void run() {
        rate();
        reprocess();
    }

    /** Unfinished schedules of active scopes: a {@code usage/reprocess} task re-rates each one's remaining periods. */
    private void reprocess() {
        List<Map<String, Object>> due = JdbcClient.create(context.dataSource())
                .sql("SELECT s.id, s.scope_id, s.start_time, s.end_time, s.done_until FROM rp_schedule s JOIN rp_scope c"
                        + " ON c.scope_id = s.scope_id WHERE c.active AND (s.done_until IS NULL OR s.done_until < s.end_time)"
                        + " ORDER BY s.id")
                .query().listOfRows();
        for (Map<String, Object> schedule : due) {
            String key = "schedule:" + schedule.get("id");
            if (running(key)) {
                continue;
            }
            Number done = (Number) schedule.get("done_until");
            long from = done == null ? ((Number) schedule.get("start_time")).longValue() : done.longValue() + periods.period();
            List<List<String>> rows = new ArrayList<>();
            for (long start = from; start <= ((Number) schedule.get("end_time")).longValue(); start += periods.period()) {
                rows.add(List.of(schedule.get("id").toString(), Long.toString(start)));
            }
            String scope = (String) schedule.get("scope_id");
            started.put(key, context.tasks().start(new NewTask(null, "usage", "reprocess", scope, scope, Map.of(),
                    List.of("schedule_id", "period_start"), rows)).id());
        }
    }

    /** Whether the task this node last started under {@code key} is still to finish. */
    private boolean running(String key) {
        String previous = started.get(key);
        return previous != null && context.tasks().find(previous).map(t -> !t.finished()
                && !t.status().equals(TaskState.INTERNAL_ERROR) && !t.status().equals(TaskState.STOPPED)).orElse(false);
    }

    private void rate() {
        long until = periods.ratableUntil(System.currentTimeMillis() / 1000);
        JdbcClient jdbc = JdbcClient.create(context.dataSource());
        Map<String, TreeSet<Long>> due = new TreeMap<>();
        jdbc.sql("SELECT scope_id, last_processed FROM rp_scope WHERE active AND last_processed < ?").param(until)
                .query(rs -> {
                    TreeSet<Long> starts = due.computeIfAbsent(rs.getString(1), k -> new TreeSet<>());
                    for (long start = rs.getLong(2); start < until; start += periods.period()) {
                        starts.add(start);
                    }
                });
        // calls that arrived after their period was rated: the periods their import marked late; once per process, also
        // any call left unrated from before the marks (a look through every call, too costly for every cycle)
        jdbc.sql("SELECT l.scope_id, l.period_start FROM rp_late l JOIN rp_scope s ON s.scope_id = l.scope_id WHERE s.active")
                .query(rs -> {
                    due.computeIfAbsent(rs.getString(1), k -> new TreeSet<>()).add(rs.getLong(2));
                });
        if (!scanned) {
            jdbc.sql("SELECT u.scope_id, u.started FROM rp_usage u JOIN rp_scope s ON s.scope_id = u.scope_id"
                            + " WHERE s.active AND u.started < s.last_processed AND NOT EXISTS"
                            + " (SELECT 1 FROM rp_rated r WHERE r.scope_id = u.scope_id AND r.call_id = u.call_id)")
                    .query(rs -> {
                        due.computeIfAbsent(rs.getString(1), k -> new TreeSet<>()).add(periods.floor(rs.getLong(2)));
                    });
            scanned = true;
        }
        for (Map.Entry<String, TreeSet<Long>> scope : due.entrySet()) {
            String id = scope.getKey();
            if (running(id)) {
                continue;
            }
            List<List<String>> rows = new ArrayList<>();
            scope.getValue().forEach(start -> rows.add(List.of(id, Long.toString(start))));
            started.put(id, context.tasks().start(new NewTask(null, "usage", "rate", id, id, Map.of(),
                    List.of("scope_id", "period_start"), rows)).id());
        }
    }
}
