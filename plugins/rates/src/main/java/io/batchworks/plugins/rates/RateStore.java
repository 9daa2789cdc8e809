package io.batchworks.plugins.rates;

import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.batchworks.plugin.Database;
import io.batchworks.plugin.ExportQuery;
import io.batchworks.plugin.TaskInfo;

import org.springframework.jdbc.core.JdbcTemplate;

/** The {@code rates} table: upsert by Kazoo's identity, delete by matching cells, export, longest-prefix lookup. */
final class RateStore {

    /** Columns in table order after the id; also the export's CSV header. */
    static final List<String> COLUMNS = List.of("ratedeck_id", "prefix", "iso_country_code", "rate_suffix",
            "account_id", "rate_name", "description", "direction", "rate_cost", "internal_rate_cost",
            "rate_surcharge", "rate_increment", "rate_minimum", "rate_nocharge_time", "rate_version", "carrier",
            "weight", "routes", "caller_id_numbers");
    private static final List<String> IDENTITY = List.of("ratedeck_id", "prefix", "iso_country_code", "rate_suffix");

    private final JdbcTemplate jdbc;
    private final String upsertSql;

    RateStore(JdbcTemplate jdbc, Database database) {
        this.jdbc = jdbc;
        this.upsertSql = database == Database.POSTGRESQL ? postgresUpsert() : hsqldbMerge();
    }

    /** Inserts new rates and overwrites existing ones with the row's values. */
    void upsert(List<Rate> rates) {
        jdbc.batchUpdate(upsertSql, rates, rates.size(), RateStore::bind);
    }

    /**
     * Deletes, for each criteria map, the rates whose every given column equals the given value
     * ({@code null}: the column is null). Rows with the same shape share one batched statement.
     */
    void delete(List<Map<String, Object>> criteria) {
        Map<String, List<Object[]>> bySql = new LinkedHashMap<>();
        for (Map<String, Object> c : criteria) {
            List<String> conditions = new ArrayList<>();
            List<Object> args = new ArrayList<>();
            c.forEach((column, value) -> {
                conditions.add(column + (value == null ? " IS NULL" : " = ?"));
                if (value != null) {
                    args.add(value);
                }
            });
            String sql = "DELETE FROM rates WHERE " + String.join(" AND ", conditions);
            bySql.computeIfAbsent(sql, k -> new ArrayList<>()).add(args.toArray());
        }
        bySql.forEach(jdbc::batchUpdate);
    }

    ExportQuery export(TaskInfo task) {
        String deck = task.param("ratedeck_id", RateRows.DEFAULT_RATEDECK);
        return new ExportQuery(COLUMNS,
                "SELECT " + String.join(", ", COLUMNS) + " FROM rates WHERE ratedeck_id = ? ORDER BY "
                        + String.join(", ", IDENTITY.subList(1, IDENTITY.size())),
                List.of(deck));
    }

    /** The rate for a number: longest matching prefix, then the highest weight. */
    Optional<Map<String, Object>> lookup(String deck, String number, String direction) {
        List<Object> args = new ArrayList<>();
        args.add(deck);
        StringBuilder in = new StringBuilder();
        for (int len = 1; len <= number.length(); len++) {
            in.append(len == 1 ? "?" : ", ?");
            args.add(number.substring(0, len));
        }
        String directionClause = "";
        if (direction != null) {
            directionClause = " AND (direction IS NULL OR direction = ?)";
            args.add(direction);
        }
        String sql = "SELECT id, " + String.join(", ", COLUMNS) + " FROM rates WHERE ratedeck_id = ? AND prefix IN ("
                + in + ")" + directionClause + " ORDER BY LENGTH(prefix) DESC, weight DESC, id FETCH FIRST 1 ROWS ONLY";
        return jdbc.queryForList(sql, args.toArray()).stream().findFirst();
    }

    private static void bind(PreparedStatement ps, Rate r) throws SQLException {
        int i = 1;
        ps.setString(i++, r.ratedeckId());
        ps.setString(i++, r.prefix());
        ps.setString(i++, r.isoCountryCode());
        ps.setString(i++, r.rateSuffix());
        ps.setString(i++, r.accountId());
        ps.setString(i++, r.rateName());
        ps.setString(i++, r.description());
        ps.setString(i++, r.direction());
        ps.setBigDecimal(i++, r.rateCost());
        setDecimal(ps, i++, r.internalRateCost());
        ps.setBigDecimal(i++, r.rateSurcharge());
        ps.setInt(i++, r.rateIncrement());
        ps.setInt(i++, r.rateMinimum());
        ps.setInt(i++, r.rateNochargeTime());
        ps.setString(i++, r.rateVersion());
        ps.setString(i++, r.carrier());
        ps.setInt(i++, r.weight());
        ps.setString(i++, r.routes());
        ps.setString(i, r.callerIdNumbers());
    }

    private static void setDecimal(PreparedStatement ps, int index, BigDecimal value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.NUMERIC);
        } else {
            ps.setBigDecimal(index, value);
        }
    }

    private static String postgresUpsert() {
        String cols = String.join(", ", COLUMNS);
        String params = String.join(", ", COLUMNS.stream().map(c -> "?").toList());
        String updates = String.join(", ", nonIdentity().stream().map(c -> c + " = EXCLUDED." + c).toList());
        return "INSERT INTO rates (" + cols + ") VALUES (" + params + ") ON CONFLICT ON CONSTRAINT rates_identity DO UPDATE SET " + updates;
    }

    /** HSQLDB has no ON CONFLICT: the standard MERGE, with typed parameters. */
    private static String hsqldbMerge() {
        Map<String, String> types = new LinkedHashMap<>();
        for (String c : COLUMNS) {
            types.put(c, switch (c) {
                case "rate_cost", "internal_rate_cost", "rate_surcharge" -> "NUMERIC(20,6)";
                case "rate_increment", "rate_minimum", "rate_nocharge_time", "weight" -> "INTEGER";
                default -> "VARCHAR(4096)";
            });
        }
        String values = String.join(", ", types.values().stream().map(t -> "CAST(? AS " + t + ")").toList());
        String on = String.join(" AND ", IDENTITY.stream().map(c -> "t." + c + " = s." + c).toList());
        String updates = String.join(", ", nonIdentity().stream().map(c -> "t." + c + " = s." + c).toList());
        String cols = String.join(", ", COLUMNS);
        String sourceCols = String.join(", ", COLUMNS.stream().map(c -> "s." + c).toList());
        return "MERGE INTO rates t USING (VALUES (" + values + ")) AS s(" + cols + ") ON " + on
                + " WHEN MATCHED THEN UPDATE SET " + updates
                + " WHEN NOT MATCHED THEN INSERT (" + cols + ") VALUES (" + sourceCols + ")";
    }

    private static List<String> nonIdentity() {
        return COLUMNS.stream().filter(c -> !IDENTITY.contains(c)).toList();
    }
}
