package io.batchworks.plugins.reprocess;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

import io.batchworks.plugin.data.Database;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * Which of a scope's call ids a table keyed by {@code (scope_id, call_id)} holds, found by that key, one probe per id.
 * HSQLDB reads {@code call_id IN (...)} by scanning all the scope's rows (it uses an index only for equalities), which
 * grows with the scope's history, so there the ids are joined as an array instead.
 */
final class CallKeys {

    private final NamedParameterJdbcTemplate jdbc;
    private final boolean hsqldb;

    CallKeys(NamedParameterJdbcTemplate jdbc, Database database) {
        this.jdbc = jdbc;
        this.hsqldb = database == Database.HSQLDB;
    }

    /** @param table {@code rp_usage} or {@code rp_rated} */
    Set<String> present(String table, String scope, Collection<String> callIds) {
        Set<String> present = new HashSet<>();
        if (callIds.isEmpty()) {
            return present;
        }
        MapSqlParameterSource p = new MapSqlParameterSource("scope", scope);
        String sql;
        if (hsqldb) {
            sql = "SELECT t.call_id FROM UNNEST(CAST(:ids AS VARCHAR(128) ARRAY)) AS w(id) JOIN " + table
                    + " t ON t.scope_id = :scope AND t.call_id = w.id";
            p.addValue("ids", callIds.toArray(String[]::new));
        } else {
            sql = "SELECT call_id FROM " + table + " WHERE scope_id = :scope AND call_id IN (:ids)";
            p.addValue("ids", callIds);
        }
        jdbc.query(sql, p, rs -> {
            present.add(rs.getString(1));
        });
        return present;
    }
}
