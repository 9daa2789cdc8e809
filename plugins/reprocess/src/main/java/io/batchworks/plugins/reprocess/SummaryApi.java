package io.batchworks.plugins.reprocess;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.batchworks.plugin.PluginContext;
import io.batchworks.plugin.data.Decimals;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * CloudKitty's {@code GET /v2/summary} over the rated calls: {@code begin} and {@code end} (default: this month),
 * {@code groupby} {@code scope_id} (or {@code project_id}) and {@code time} (the period), {@code filters}
 * {@code scope_id:<id>}, {@code offset} and {@code limit}. The table format: {@code total}, {@code columns},
 * {@code results}; {@code qty} is the seconds of calls, {@code rate} their price.
 */
final class SummaryApi {

    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx").withZone(ZoneOffset.UTC);

    private final PluginContext context;
    private final NamedParameterJdbcTemplate jdbc;
    private final Periods periods;

    SummaryApi(PluginContext context, Periods periods) {
        this.context = context;
        this.jdbc = new NamedParameterJdbcTemplate(context.dataSource());
        this.periods = periods;
    }

    void routes(RouterFunctions.Builder routes) {
        routes.GET("/v2/summary", CloudKitty.admin(context, this::summary));
    }

    private ServerResponse summary(ServerRequest request) {
        long now = Instant.now().getEpochSecond();
        long begin = time(request, "begin", Periods.monthStart(now));
        long end = time(request, "end", OffsetDateTime.ofInstant(Instant.ofEpochSecond(Periods.monthStart(now)), ZoneOffset.UTC)
                .plusMonths(1).toEpochSecond());
        int offset = CloudKitty.integer(request, "offset", 0, 0);
        int limit = CloudKitty.integer(request, "limit", 100, 1);
        List<String> groups = new ArrayList<>();
        for (String g : ScopesApi.ids(request.params().getOrDefault("groupby", List.of()))) {
            String column = switch (g) {
                case "scope_id", "project_id" -> "scope_id";
                case "time" -> "period_start";
                default -> throw CloudKitty.badRequest("groupby " + g + " is not one of scope_id, project_id, time");
            };
            if (!groups.contains(column)) {
                groups.add(column);
            }
        }
        MapSqlParameterSource params = new MapSqlParameterSource("begin", begin).addValue("end", end);
        StringBuilder where = new StringBuilder(" FROM rp_rated WHERE started >= :begin AND started < :end");
        List<String> scopes = new ArrayList<>();
        for (String filter : request.params().getOrDefault("filters", List.of())) {
            for (String pair : filter.split(",")) {
                String[] kv = pair.split(":", 2);
                if (kv.length != 2 || !(kv[0].equals("scope_id") || kv[0].equals("project_id"))) {
                    throw CloudKitty.badRequest("filters must be scope_id:<id>, not " + pair);
                }
                scopes.add(kv[1]);
            }
        }
        if (!scopes.isEmpty()) {
            where.append(" AND scope_id IN (:scopes)");
            params.addValue("scopes", scopes);
        }
        String grouped = groups.isEmpty() ? "" : " GROUP BY " + String.join(", ", groups);
        String select = (groups.isEmpty() ? "" : String.join(", ", groups) + ", ")
                + "COALESCE(SUM(duration_s), 0) AS qty, COALESCE(SUM(price), 0) AS rate";
        long total = jdbc.queryForObject("SELECT COUNT(*) FROM (SELECT " + select + where + grouped + ") g", params, Long.class);
        String order = groups.isEmpty() ? "" : " ORDER BY " + String.join(", ", groups);
        List<List<Object>> results = jdbc.query("SELECT " + select + where + grouped + order + " OFFSET " + offset
                + " ROWS FETCH FIRST " + limit + " ROWS ONLY", params, (rs, n) -> {
                    List<Object> row = new ArrayList<>();
                    long rowBegin = groups.contains("period_start") ? rs.getLong("period_start") : begin;
                    long rowEnd = groups.contains("period_start") ? rowBegin + periods.period() : end;
                    row.add(iso(rowBegin));
                    row.add(iso(rowEnd));
                    row.add(rs.getLong("qty"));
                    row.add(Decimals.plain(rs.getBigDecimal("rate") == null ? BigDecimal.ZERO : rs.getBigDecimal("rate")));
                    if (groups.contains("scope_id")) {
                        row.add(rs.getString("scope_id"));
                    }
                    return row;
                });
        List<String> columns = new ArrayList<>(List.of("begin", "end", "qty", "rate"));
        if (groups.contains("scope_id")) {
            columns.add("scope_id");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("total", total);
        body.put("columns", columns);
        body.put("results", results);
        return ServerResponse.status(200).body(body);
    }

    private static long time(ServerRequest request, String name, long fallback) {
        String raw = CloudKitty.single(request, name);
        if (raw == null) {
            return fallback;
        }
        Long parsed = Periods.parse(raw);
        if (parsed == null) {
            throw CloudKitty.badRequest(name + " must be an ISO 8601 time");
        }
        return parsed;
    }

    private static String iso(long epochSecond) {
        return ISO.format(Instant.ofEpochSecond(epochSecond));
    }
}
