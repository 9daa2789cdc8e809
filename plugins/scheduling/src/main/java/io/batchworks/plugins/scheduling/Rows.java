package io.batchworks.plugins.scheduling;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;

/** What the plugin's tables have in common: inserts that hand back their id, id lists kept as text. */
final class Rows {

    private Rows() {
    }

    /** Runs an insert and returns the row's generated {@code id}. */
    static long insert(JdbcClient jdbc, String sql, Object... params) {
        GeneratedKeyHolder keys = new GeneratedKeyHolder();
        jdbc.sql(sql).params(params).update(keys, "id");
        return keys.getKeyList().get(0).entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase("id")).findFirst()
                .map(e -> ((Number) e.getValue()).longValue()).orElseThrow();
    }

    static String ids(List<Long> ids) {
        return ids.stream().map(String::valueOf).collect(Collectors.joining(","));
    }

    static List<Long> ids(String text) {
        return text == null || text.isBlank() ? List.of() : Arrays.stream(text.split(",")).map(Long::valueOf).toList();
    }
}
