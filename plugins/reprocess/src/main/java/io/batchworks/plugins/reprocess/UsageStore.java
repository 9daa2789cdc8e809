package io.batchworks.plugins.reprocess;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import javax.sql.DataSource;

import io.batchworks.plugin.ChunkWriter;
import io.batchworks.plugin.Items;
import io.batchworks.plugin.TaskInfo;
import io.batchworks.plugin.data.Database;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * Stores imported calls: a call already stored (same scope and call id) is left as it is, so a re-import is
 * idempotent; a scope seen for the first time is created with CloudKitty's defaults. Both inserts leave a row that
 * another import stored meanwhile as it is (imports into one scope run at once), never failing on its key. A call
 * for a period its scope has rated already marks that period late ({@code rp_late}) for the processing cycle; the
 * scopes' rows are locked first, as the rater locks them, so a period being rated meanwhile is either rated with the
 * call or marked.
 */
final class UsageStore implements ChunkWriter<UsageRows.Call> {

    private static final String CALL = "INSERT INTO rp_usage (scope_id, call_id, started, hour, number, direction, duration_s)"
            + " VALUES (:scope, :call, :started, :hour, :number, :direction, :duration) ON CONFLICT (scope_id, call_id) DO NOTHING";
    private static final String CALL_HSQLDB = "MERGE INTO rp_usage t USING (VALUES (CAST(:scope AS VARCHAR(64)),"
            + " CAST(:call AS VARCHAR(128)), CAST(:started AS BIGINT), CAST(:hour AS BIGINT), CAST(:number AS VARCHAR(32)),"
            + " CAST(:direction AS VARCHAR(16)), CAST(:duration AS INTEGER))) AS s(scope_id, call_id, started, hour, number, direction,"
            + " duration_s) ON t.scope_id = s.scope_id AND t.call_id = s.call_id WHEN NOT MATCHED THEN INSERT"
            + " (scope_id, call_id, started, hour, number, direction, duration_s)"
            + " VALUES (s.scope_id, s.call_id, s.started, s.hour, s.number, s.direction, s.duration_s)";
    private static final String SCOPE = "INSERT INTO rp_scope (scope_id, scope_key, fetcher, collector, active, last_processed)"
            + " VALUES (:scope, 'project_id', 'batchworks', 'usage', TRUE, :start) ON CONFLICT (scope_id) DO NOTHING";
    private static final String LATE = "INSERT INTO rp_late (scope_id, period_start) VALUES (:scope, :period)"
            + " ON CONFLICT (scope_id, period_start) DO NOTHING";
    private static final String LATE_HSQLDB = "MERGE INTO rp_late t USING (VALUES (CAST(:scope AS VARCHAR(64)), CAST(:period AS BIGINT)))"
            + " AS s(scope_id, period_start) ON t.scope_id = s.scope_id AND t.period_start = s.period_start"
            + " WHEN NOT MATCHED THEN INSERT (scope_id, period_start) VALUES (s.scope_id, s.period_start)";
    private static final String SCOPE_HSQLDB = "MERGE INTO rp_scope t USING (VALUES (CAST(:scope AS VARCHAR(64)), CAST(:start AS BIGINT)))"
            + " AS s(scope_id, start_at) ON t.scope_id = s.scope_id WHEN NOT MATCHED THEN INSERT"
            + " (scope_id, scope_key, fetcher, collector, active, last_processed)"
            + " VALUES (s.scope_id, 'project_id', 'batchworks', 'usage', TRUE, s.start_at)";

    private final NamedParameterJdbcTemplate jdbc;
    private final Periods periods;
    private final boolean hsqldb;
    private final CallKeys keys;

    UsageStore(DataSource dataSource, Database database, Periods periods) {
        this.jdbc = new NamedParameterJdbcTemplate(dataSource);
        this.periods = periods;
        this.hsqldb = database == Database.HSQLDB;
        this.keys = new CallKeys(jdbc, database);
    }

    @Override
    public void write(Items<UsageRows.Call> items, TaskInfo task) {
        Map<String, UsageRows.Call> fresh = new LinkedHashMap<>();
        for (UsageRows.Call call : items.all()) {
            fresh.putIfAbsent(call.scopeId() + "\n" + call.callId(), call);
        }
        // by scope, so the primary key (scope_id, call_id) finds them
        Map<String, Set<String>> callIds = new HashMap<>();
        fresh.values().forEach(c -> callIds.computeIfAbsent(c.scopeId(), k -> new HashSet<>()).add(c.callId()));
        callIds.forEach((scope, ids) -> keys.present("rp_usage", scope, ids).forEach(id -> fresh.remove(scope + "\n" + id)));
        createScopes(items.all());
        Map<String, Long> rated = lockScopes(callIds.keySet());
        Set<List<Object>> late = new HashSet<>();
        List<MapSqlParameterSource> rows = new ArrayList<>(fresh.size());
        for (UsageRows.Call c : fresh.values()) {
            rows.add(new MapSqlParameterSource().addValue("scope", c.scopeId()).addValue("call", c.callId())
                    .addValue("started", c.started()).addValue("hour", Periods.hour(c.started()))
                    .addValue("number", c.number()).addValue("direction", c.direction())
                    .addValue("duration", c.durationS()));
            if (c.started() < rated.getOrDefault(c.scopeId(), Long.MIN_VALUE)) {
                late.add(List.of(c.scopeId(), periods.floor(c.started())));
            }
        }
        if (!rows.isEmpty()) {
            jdbc.batchUpdate(hsqldb ? CALL_HSQLDB : CALL, rows.toArray(MapSqlParameterSource[]::new));
        }
        if (!late.isEmpty()) {
            jdbc.batchUpdate(hsqldb ? LATE_HSQLDB : LATE, late.stream()
                    .map(l -> new MapSqlParameterSource("scope", l.get(0)).addValue("period", l.get(1))).toArray(MapSqlParameterSource[]::new));
        }
    }

    /**
     * Locks the scopes' rows until the chunk commits, one at a time in order (as two imports lock them, so neither
     * waits for the other in a cycle), and reads how far each is rated.
     */
    private Map<String, Long> lockScopes(Set<String> scopes) {
        Map<String, Long> rated = new HashMap<>();
        for (String scope : new TreeSet<>(scopes)) {
            rated.put(scope, Rater.lockScope(jdbc, scope));
        }
        return rated;
    }

    /**
     * New scopes start active, to be rated from the start of the current month (CloudKitty's first period), or from
     * the period of their earliest call if that is older.
     */
    private void createScopes(List<UsageRows.Call> calls) {
        Map<String, Long> earliest = new HashMap<>();
        calls.forEach(c -> earliest.merge(c.scopeId(), c.started(), Math::min));
        jdbc.query("SELECT scope_id FROM rp_scope WHERE scope_id IN (:ids)", new MapSqlParameterSource("ids", earliest.keySet()),
                rs -> {
                    earliest.remove(rs.getString(1));
                });
        long monthStart = Periods.monthStart(System.currentTimeMillis() / 1000);
        for (Map.Entry<String, Long> scope : earliest.entrySet()) {
            jdbc.update(hsqldb ? SCOPE_HSQLDB : SCOPE, new MapSqlParameterSource("scope", scope.getKey())
                    .addValue("start", Math.min(monthStart, periods.floor(scope.getValue()))));
        }
    }
}
