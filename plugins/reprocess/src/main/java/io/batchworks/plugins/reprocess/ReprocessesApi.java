package io.batchworks.plugins.reprocess;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.batchworks.plugin.PluginContext;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

import tools.jackson.databind.JsonNode;

/**
 * CloudKitty's reprocessing schedules: {@code POST /v2/task/reprocesses} (and {@code /v2/task/reprocess}, where
 * python-cloudkittyclient posts), {@code GET /v2/task/reprocesses[/{scope_id}]}. A request is checked in
 * CloudKitty's order and refused in its words; the processing cycle then re-rates each schedule's periods.
 */
final class ReprocessesApi {

    static final String ALL = "ALL";
    private static final Set<String> LIST_PARAMS = Set.of("scope_ids", "order", "offset", "limit");

    private final PluginContext context;
    private final NamedParameterJdbcTemplate jdbc;
    private final Periods periods;

    ReprocessesApi(PluginContext context, Periods periods) {
        this.context = context;
        this.jdbc = new NamedParameterJdbcTemplate(context.dataSource());
        this.periods = periods;
    }

    void routes(RouterFunctions.Builder routes) {
        routes.POST("/v2/task/reprocesses", CloudKitty.admin(context, this::schedule))
                .POST("/v2/task/reprocess", CloudKitty.admin(context, this::schedule))
                .GET("/v2/task/reprocesses", CloudKitty.admin(context, this::list))
                .GET("/v2/task/reprocesses/{scope}", CloudKitty.admin(context, this::list));
    }

    private ServerResponse schedule(ServerRequest request) throws Exception {
        JsonNode body = CloudKitty.body(request);
        List<String> scopeIds = scopeIds(body.get("scope_ids"));
        long start = time(body, "start_reprocess_time");
        long end = time(body, "end_reprocess_time");
        JsonNode reasonNode = body.get("reason");
        if (reasonNode == null || !reasonNode.isString()) {
            throw CloudKitty.badRequest("required key not provided @ data['reason']");
        }
        String reason = reasonNode.asString();

        if (scopeIds.contains(ALL) && scopeIds.size() != 1) {
            throw CloudKitty.badRequest("Cannot use 'ALL' with scope ID " + pyList(scopeIds) + ". Either schedule a reprocessing"
                    + " for all active scopes using 'ALL' option, or inform only the scopes you desire to schedule a reprocessing.");
        }
        if (reason.isBlank()) {
            throw CloudKitty.badRequest("Empty or blank reason text is not allowed. Please, do inform/register the reason for"
                    + " the reprocessing of a previously processed timestamp.");
        }
        if (end < start) {
            throw CloudKitty.badRequest("End reprocessing timestamp [" + Periods.format(end) + "] cannot be less than start"
                    + " reprocessing timestamp [" + Periods.format(start) + "].");
        }
        if (periods.floor(start) != start || periods.floor(end) != end) {
            long validStart = periods.floor(start);
            long validEnd = periods.floor(end) == validStart ? validStart + periods.period() : periods.floor(end);
            throw CloudKitty.badRequest("The provided reprocess time window does not comply with the configured collector"
                    + " period. A valid time window near the provided one is "
                    + pyList(List.of(Periods.format(validStart), Periods.format(validEnd))));
        }
        boolean all = scopeIds.contains(ALL);
        Map<String, Long> scopes = activeScopes(all ? null : scopeIds);
        List<String> unknown = scopeIds.stream().filter(id -> !all && !scopes.containsKey(id)).toList();
        if (!unknown.isEmpty()) {
            throw CloudKitty.badRequest("Scopes " + pyList(unknown) + " scheduled to reprocess [start=" + Periods.format(start)
                    + ", end=" + Periods.format(end) + "] do not exist.");
        }
        for (Map.Entry<String, Long> scope : scopes.entrySet()) {
            String last = Periods.format(scope.getValue());
            if (start > scope.getValue()) {
                throw CloudKitty.badRequest("Cannot execute a reprocessing [start=" + Periods.format(start) + "] for scope ["
                        + scope.getKey() + "] starting after the last possible timestamp [" + last + "].");
            }
            if (end > scope.getValue()) {
                throw CloudKitty.badRequest("Cannot execute a reprocessing [end=" + Periods.format(end) + "] for scope ["
                        + scope.getKey() + "] ending after the last possible timestamp [" + last + "].");
            }
        }
        for (String scope : scopes.keySet()) {
            for (Map<String, Object> other : unfinished(scope)) {
                long otherStart = ((Number) other.get("start_time")).longValue();
                long otherEnd = ((Number) other.get("end_time")).longValue();
                if (start <= otherEnd && otherStart <= end) {
                    throw CloudKitty.badRequest("Cannot schedule a reprocessing for scope [" + scope + "] for reprocessing time ["
                            + Periods.format(start) + " - " + Periods.format(end) + "], because it already has a schedule for a"
                            + " similar time range [" + Periods.format(otherStart) + " - " + Periods.format(otherEnd) + "].");
                }
            }
        }
        long now = System.currentTimeMillis() / 1000;
        for (String scope : scopes.keySet()) {
            jdbc.update("INSERT INTO rp_schedule (scope_id, reason, start_time, end_time, created)"
                            + " VALUES (:scope, :reason, :start, :end, :now)",
                    new MapSqlParameterSource("scope", scope).addValue("reason", reason).addValue("start", start)
                            .addValue("end", end).addValue("now", now));
        }
        return ServerResponse.status(202).body(Map.of());
    }

    private ServerResponse list(ServerRequest request) {
        for (String name : request.params().keySet()) {
            if (!LIST_PARAMS.contains(name)) {
                throw CloudKitty.badRequest("extra keys not allowed @ data['" + name + "']");
            }
        }
        List<String> ids = request.pathVariables().containsKey("scope") ? List.of(request.pathVariable("scope"))
                : ScopesApi.ids(request.params().getOrDefault("scope_ids", List.of()));
        String order = CloudKitty.single(request, "order");
        order = order == null ? "desc" : order.toLowerCase();
        if (!order.equals("asc") && !order.equals("desc")) {
            throw CloudKitty.badRequest("The order [" + order + "] is not valid. Accepted values are ['asc', 'desc'].");
        }
        int offset = CloudKitty.integer(request, "offset", 0, 0);
        int limit = CloudKitty.integer(request, "limit", 100, 1);
        MapSqlParameterSource params = new MapSqlParameterSource();
        String where = "";
        if (!ids.isEmpty()) {
            where = " WHERE scope_id IN (:ids)";
            params.addValue("ids", ids);
        }
        List<Map<String, Object>> results = jdbc.query("SELECT * FROM rp_schedule" + where + " ORDER BY id " + order
                + " OFFSET " + offset + " ROWS FETCH FIRST " + limit + " ROWS ONLY", params, (rs, n) -> {
                    Map<String, Object> s = new LinkedHashMap<>();
                    s.put("scope_id", rs.getString("scope_id"));
                    s.put("reason", rs.getString("reason"));
                    s.put("start_reprocess_time", Periods.format(rs.getLong("start_time")));
                    s.put("end_reprocess_time", Periods.format(rs.getLong("end_time")));
                    long done = rs.getLong("done_until");
                    s.put("current_reprocess_time", rs.wasNull() ? "" : Periods.format(done));
                    return s;
                });
        return ServerResponse.status(200).body(Map.of("results", results));
    }

    /** Active scopes and their last_processed, all of them or those named. */
    private Map<String, Long> activeScopes(List<String> ids) {
        MapSqlParameterSource params = new MapSqlParameterSource();
        String sql = "SELECT scope_id, last_processed FROM rp_scope WHERE active";
        if (ids != null) {
            sql += " AND scope_id IN (:ids)";
            params.addValue("ids", ids.isEmpty() ? List.of("") : ids);
        }
        Map<String, Long> scopes = new LinkedHashMap<>();
        jdbc.query(sql + " ORDER BY scope_id", params, rs -> {
            scopes.put(rs.getString(1), rs.getLong(2));
        });
        return scopes;
    }

    private List<Map<String, Object>> unfinished(String scope) {
        return jdbc.queryForList("SELECT start_time, end_time FROM rp_schedule WHERE scope_id = :scope"
                + " AND (done_until IS NULL OR done_until < end_time)", new MapSqlParameterSource("scope", scope));
    }

    private static List<String> scopeIds(JsonNode node) {
        if (node == null || node.isNull()) {
            throw CloudKitty.badRequest("required key not provided @ data['scope_ids']");
        }
        List<String> ids = new ArrayList<>();
        if (node.isString()) {
            ids.addAll(ScopesApi.ids(List.of(node.asString())));
        } else if (node.isArray()) {
            for (JsonNode id : node) {
                if (!id.isString()) {
                    throw CloudKitty.badRequest("expected str @ data['scope_ids']");
                }
                ids.add(id.asString());
            }
        } else {
            throw CloudKitty.badRequest("expected str @ data['scope_ids']");
        }
        if (ids.isEmpty()) {
            throw CloudKitty.badRequest("length of value must be at least 1 for dictionary value @ data['scope_ids']");
        }
        return ids;
    }

    private static long time(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            throw CloudKitty.badRequest("required key not provided @ data['" + field + "']");
        }
        Long parsed = value.isString() ? Periods.parse(value.asString()) : null;
        if (parsed == null) {
            throw CloudKitty.badRequest("not a valid value for dictionary value @ data['" + field + "']");
        }
        return parsed;
    }

    /** A list as Python prints it, the way CloudKitty's messages show one. */
    private static String pyList(List<String> values) {
        return values.stream().map(v -> "'" + v + "'").collect(Collectors.joining(", ", "[", "]"));
    }
}
