package io.batchworks.plugins.numbers;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.sql.DataSource;

import io.batchworks.plugin.ChunkWriter;
import io.batchworks.plugin.Items;
import io.batchworks.plugin.TaskInfo;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * Adds a chunk of numbers to the task's account, in the chunk's transaction, and records each number's outcome
 * under the task's id (a job's {@code successes} and {@code errors}). A number fails alone when it is not a
 * number, its resource is missing, unknown to the account or disabled, or another account owns it. A number the
 * job has already recorded (listed twice) gets the same outcome again and is not applied twice.
 */
final class NumberAdder implements ChunkWriter<NumberRows.Request> {

    static final String STATE = "in_service";

    private final NamedParameterJdbcTemplate jdbc;

    NumberAdder(DataSource dataSource) {
        this.jdbc = new NamedParameterJdbcTemplate(dataSource);
    }

    /** A number's outcome: {@code reason} is null for a success. */
    private record Outcome(String reason, String message) {
        static final Outcome OK = new Outcome(null, null);
    }

    @Override
    public void write(Items<NumberRows.Request> items, TaskInfo task) {
        String account = task.accountId();
        long now = System.currentTimeMillis();
        List<NumberRows.Request> requests = items.all();
        Map<String, Outcome> known = recorded(task.id(), requests);
        Map<String, Resource> resources = resources(requests);
        Map<String, String> owners = owners(requests);

        List<MapSqlParameterSource> inserts = new ArrayList<>();
        List<MapSqlParameterSource> updates = new ArrayList<>();
        List<MapSqlParameterSource> results = new ArrayList<>();
        for (NumberRows.Request request : requests) {
            Outcome outcome = known.get(request.key());
            if (outcome == null) {
                outcome = decide(request, account, resources, owners);
                known.put(request.key(), outcome);
                results.add(new MapSqlParameterSource().addValue("job", task.id()).addValue("number", request.key())
                        .addValue("line", request.line()).addValue("ok", outcome.reason() == null)
                        .addValue("reason", outcome.reason()).addValue("message", outcome.message())
                        .addValue("account", account).addValue("resource", request.resourceId()).addValue("at", now));
                if (outcome.reason() == null) {
                    MapSqlParameterSource number = new MapSqlParameterSource().addValue("number", request.e164())
                            .addValue("account", account).addValue("resource", request.resourceId())
                            .addValue("state", STATE).addValue("now", now);
                    (owners.containsKey(request.e164()) ? updates : inserts).add(number);
                    owners.put(request.e164(), account);
                }
            }
            if (outcome.reason() != null) {
                items.reject(request, outcome.reason() + ": " + outcome.message());
            }
        }
        batch("INSERT INTO nb_number (number, account_id, resource_id, state, created, modified)"
                + " VALUES (:number, :account, :resource, :state, :now, :now)", inserts);
        batch("UPDATE nb_number SET resource_id = :resource, state = :state, modified = :now"
                + " WHERE number = :number AND account_id = :account", updates);
        batch("INSERT INTO nb_job_result (job_id, number, line, ok, reason, message, account_id, resource_id, decided_at)"
                + " VALUES (:job, :number, :line, :ok, :reason, :message, :account, :resource, :at)", results);
    }

    private static Outcome decide(NumberRows.Request request, String account, Map<String, Resource> resources,
                                  Map<String, String> owners) {
        if (request.e164() == null) {
            return new Outcome("invalid_number", "'" + (request.given() == null ? "" : request.given())
                    + "' is not a phone number that converts to E.164");
        }
        if (request.resourceId() == null) {
            return new Outcome("missing_resource", "no resource_id for this number");
        }
        Resource resource = resources.get(request.resourceId());
        if (resource == null || !resource.usableBy(account)) {
            return new Outcome("unknown_resource", "resource " + request.resourceId() + " does not exist for this account");
        }
        if (!resource.enabled()) {
            return new Outcome("resource_disabled", "resource " + request.resourceId() + " is disabled");
        }
        String owner = owners.get(request.e164());
        if (owner != null && !owner.equals(account)) {
            return new Outcome("number_exists", "number " + request.e164() + " already belongs to another account");
        }
        return Outcome.OK;
    }

    /** Outcomes the job already recorded for these numbers: a number listed twice, or a chunk replayed. */
    private Map<String, Outcome> recorded(String jobId, List<NumberRows.Request> requests) {
        Set<String> keys = new LinkedHashSet<>();
        requests.forEach(r -> keys.add(r.key()));
        return byKey("SELECT number, reason, message FROM nb_job_result WHERE job_id = :job AND number IN (:keys)",
                new MapSqlParameterSource("job", jobId), keys, rs -> new Outcome(rs.getString("reason"), rs.getString("message")));
    }

    private Map<String, Resource> resources(List<NumberRows.Request> requests) {
        Set<String> ids = new HashSet<>();
        requests.stream().filter(r -> r.resourceId() != null).forEach(r -> ids.add(r.resourceId()));
        return byKey("SELECT id, account_id, doc FROM nb_resource WHERE id IN (:keys)", new MapSqlParameterSource(), ids,
                rs -> new Resource(rs.getString("account_id"), ResourceDocs.enabled(rs.getString("doc"))));
    }

    private Map<String, String> owners(List<NumberRows.Request> requests) {
        Set<String> numbers = new HashSet<>();
        requests.stream().filter(r -> r.e164() != null).forEach(r -> numbers.add(r.e164()));
        return byKey("SELECT number, account_id FROM nb_number WHERE number IN (:keys)", new MapSqlParameterSource(), numbers,
                rs -> rs.getString("account_id"));
    }

    /** Rows for a set of keys ({@code :keys} in the query, beside {@code params}), by their first column. */
    private <V> Map<String, V> byKey(String sql, MapSqlParameterSource params, Set<String> keys, Column<V> value) {
        Map<String, V> found = new HashMap<>();
        if (!keys.isEmpty()) {
            jdbc.query(sql, params.addValue("keys", keys), rs -> {
                found.put(rs.getString(1), value.read(rs));
            });
        }
        return found;
    }

    @FunctionalInterface
    private interface Column<V> {
        V read(ResultSet rs) throws SQLException;
    }

    private void batch(String sql, List<MapSqlParameterSource> rows) {
        if (!rows.isEmpty()) {
            jdbc.batchUpdate(sql, rows.toArray(MapSqlParameterSource[]::new));
        }
    }

    /** What the writer needs of a resource: whose it is, and whether it is enabled. */
    private record Resource(String accountId, boolean enabled) {
        boolean usableBy(String account) {
            return accountId == null || accountId.equals(account);
        }
    }
}
