package io.batchworks.plugins.reprocess;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.batchworks.plugin.PluginContext;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

import tools.jackson.databind.JsonNode;

/**
 * CloudKitty's {@code /v2/scope}: GET lists scopes with their state ({@code scope_id} and {@code active} filters,
 * paged), PATCH activates or deactivates one, PUT resets where rating stands for some or all (rating then rates
 * those periods again).
 */
final class ScopesApi {

    private final PluginContext context;
    private final NamedParameterJdbcTemplate jdbc;
    private final Periods periods;

    ScopesApi(PluginContext context, Periods periods) {
        this.context = context;
        this.periods = periods;
        this.jdbc = new NamedParameterJdbcTemplate(context.dataSource());
    }

    void routes(RouterFunctions.Builder routes) {
        routes.GET("/v2/scope", CloudKitty.admin(context, this::list))
                .PATCH("/v2/scope", CloudKitty.admin(context, this::patch))
                .PUT("/v2/scope", CloudKitty.admin(context, this::reset));
    }

    /** Activates or deactivates a scope; answers the scope as it now is. */
    private ServerResponse patch(ServerRequest request) throws Exception {
        JsonNode body = CloudKitty.body(request);
        JsonNode id = body.get("scope_id");
        if (id == null || !id.isString()) {
            throw CloudKitty.badRequest("required key not provided @ data['scope_id']");
        }
        JsonNode active = body.get("active");
        if (active != null && !active.isBoolean()) {
            throw CloudKitty.badRequest("expected bool for dictionary value @ data['active']");
        }
        MapSqlParameterSource params = new MapSqlParameterSource("scope", id.asString());
        if (jdbc.queryForObject("SELECT COUNT(*) FROM rp_scope WHERE scope_id = :scope", params, Long.class) == 0) {
            throw CloudKitty.refusal(404, "No resource found for provided filters.");
        }
        if (active != null) {
            jdbc.update("UPDATE rp_scope SET activation_toggled = :now, active = :active WHERE scope_id = :scope AND active <> :active",
                    params.addValue("active", active.asBoolean()).addValue("now", System.currentTimeMillis() / 1000));
        }
        return ServerResponse.status(200).body(scopes(" AND scope_id IN (:ids)", new MapSqlParameterSource("ids", List.of(id.asString())),
                0, 1).get(0));
    }

    /** Resets where rating stands ({@code last_processed_timestamp}, or {@code state}) for some scopes or all. */
    private ServerResponse reset(ServerRequest request) throws Exception {
        JsonNode body = CloudKitty.body(request);
        boolean all = body.path("all_scopes").asBoolean(false);
        List<String> ids = new ArrayList<>();
        JsonNode id = body.get("scope_id");
        if (id != null && id.isArray()) {
            id.forEach(v -> ids.add(v.asString()));
        } else if (id != null) {
            ids.addAll(ids(List.of(id.asString())));
        }
        if (all && !ids.isEmpty()) {
            throw CloudKitty.badRequest("two or more values in the same group of exclusion 'scope_selector'");
        }
        if (!all && ids.isEmpty()) {
            throw CloudKitty.badRequest("Either all_scopes or a scope_id should be specified.");
        }
        JsonNode time = body.has("last_processed_timestamp") ? body.get("last_processed_timestamp") : body.get("state");
        Long state = time == null ? null : Periods.parse(time.asString());
        if (state == null) {
            throw CloudKitty.badRequest("required key not provided @ data['last_processed_timestamp']");
        }
        MapSqlParameterSource params = new MapSqlParameterSource("state", periods.floor(state));
        String where = all ? "" : " WHERE scope_id IN (:ids)";
        if (!all) {
            params.addValue("ids", ids);
        }
        if (jdbc.update("UPDATE rp_scope SET last_processed = :state" + where, params) == 0) {
            throw CloudKitty.refusal(404, "No resource found for provided filters.");
        }
        return ServerResponse.status(202).body(Map.of());
    }

    private ServerResponse list(ServerRequest request) {
        int offset = CloudKitty.integer(request, "offset", 0, 0);
        int limit = CloudKitty.integer(request, "limit", 100, 1);
        StringBuilder conditions = new StringBuilder();
        MapSqlParameterSource params = new MapSqlParameterSource();
        List<String> ids = ids(request.params().getOrDefault("scope_id", List.of()));
        if (!ids.isEmpty()) {
            conditions.append(" AND scope_id IN (:ids)");
            params.addValue("ids", ids);
        }
        String active = CloudKitty.single(request, "active");
        if (active != null) {
            if (!active.equalsIgnoreCase("true") && !active.equalsIgnoreCase("false")) {
                throw CloudKitty.badRequest("Parameter active must be true or false");
            }
            conditions.append(" AND active = :active");
            params.addValue("active", Boolean.parseBoolean(active));
        }
        List<Map<String, Object>> results = scopes(conditions.toString(), params, offset, limit);
        if (results.isEmpty()) {
            throw CloudKitty.refusal(404, "No resource found for provided filters.");
        }
        return ServerResponse.status(200).body(Map.of("results", results));
    }

    /** Scopes as CloudKitty shows them, by id, under extra conditions. */
    private List<Map<String, Object>> scopes(String conditions, MapSqlParameterSource params, int offset, int limit) {
        String sql = "SELECT * FROM rp_scope WHERE 1 = 1" + conditions + " ORDER BY scope_id OFFSET " + offset
                + " ROWS FETCH FIRST " + limit + " ROWS ONLY";
        return jdbc.query(sql, params, (rs, n) -> {
            Map<String, Object> scope = new LinkedHashMap<>();
            String last = Periods.format(rs.getLong("last_processed"));
            scope.put("scope_id", rs.getString("scope_id"));
            scope.put("scope_key", rs.getString("scope_key"));
            scope.put("fetcher", rs.getString("fetcher"));
            scope.put("collector", rs.getString("collector"));
            scope.put("state", last);
            scope.put("last_processed_timestamp", last);
            scope.put("active", rs.getBoolean("active"));
            long toggled = rs.getLong("activation_toggled");
            scope.put("scope_activation_toggle_date", rs.wasNull() ? null : Periods.format(toggled));
            return scope;
        });
    }

    /** Ids given repeated or comma-separated. */
    static List<String> ids(List<String> values) {
        List<String> ids = new ArrayList<>();
        for (String value : values) {
            for (String id : value.split(",")) {
                if (!id.isBlank()) {
                    ids.add(id.strip());
                }
            }
        }
        return ids;
    }
}
