package io.batchworks.engine.dashboard;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jakarta.servlet.http.HttpServletRequest;

import io.batchworks.engine.accounts.AccountLimits;
import io.batchworks.engine.accounts.AccountStore;
import io.batchworks.engine.security.Access;
import io.batchworks.engine.security.AccountCaller;
import io.batchworks.engine.tasks.TaskStore;
import io.batchworks.plugin.accounts.Account;
import io.batchworks.plugin.web.KazooEnvelope;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;

/**
 * {@code GET /v2/accounts/{A}/dashboard}, what the console's first page draws, for the account and the accounts within
 * it: each account's tasks running, waiting for a slot and pending beside its limits, and the bytes of files it keeps
 * ({@code accounts}, the busiest first); tasks per day by the status they ended in, over two weeks
 * ({@code tasks_per_day}); and, for super admins, rows per second across the engine, a minute at a time, over the last
 * hour ({@code rows_per_second}, from every node's samples).
 */
@RestController
class DashboardApi {

    private static final int MOST_ACCOUNTS = 100;
    private static final int DAYS = 14;
    private static final long DAY_MS = 86_400_000L;
    private static final long MINUTE_MS = 60_000L;
    private static final List<String> ENDED = List.of("success", "partial", "failure", "stopped", "internal_error");

    private final JdbcClient jdbc;
    private final AccountStore accounts;
    private final AccountLimits limits;
    private final TaskStore tasks;

    DashboardApi(JdbcClient jdbc, AccountStore accounts, AccountLimits limits, TaskStore tasks) {
        this.tasks = tasks;
        this.jdbc = jdbc;
        this.accounts = accounts;
        this.limits = limits;
    }

    @Operation(summary = "The console's dashboard: tasks running and waiting per account beside its limits, tasks per day by"
            + " status, and (super admins) rows per second across the engine over the last hour")
    @GetMapping({"/v2/accounts/{account}/dashboard", "/v2/accounts/{account}/dashboard/"})
    Map<String, Object> dashboard(@PathVariable String account, HttpServletRequest request) {
        AccountCaller caller = Access.caller();
        Access.requireAccount(caller, account);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("accounts", busy(account));
        data.put("tasks_per_day", perDay(account));
        if (caller.superAdmin()) {
            data.put("rows_per_second", rowsPerSecond());
        }
        return KazooEnvelope.success(request, data);
    }

    private boolean within(String accountId, String account) {
        return accountId.equals(account) || accounts.isWithin(accountId, account);
    }

    /** The account and those within it with tasks running or pending, the busiest first. */
    private List<Map<String, Object>> busy(String account) {
        Map<String, long[]> counts = new LinkedHashMap<>(); // running, waiting for a slot, pending
        counts.put(account, new long[3]);
        jdbc.sql("SELECT account_id, status, CASE WHEN queued IS NULL THEN 0 ELSE 1 END AS q, COUNT(*) AS n FROM bw_task"
                        + " WHERE status IN ('executing', 'pending') GROUP BY account_id, status, CASE WHEN queued IS NULL THEN 0 ELSE 1 END")
                .query(rs -> {
                    String id = rs.getString(1);
                    if (within(id, account)) {
                        long[] c = counts.computeIfAbsent(id, k -> new long[3]);
                        long n = rs.getLong(4);
                        if (rs.getString(2).equals("executing")) {
                            c[0] += n;
                        } else {
                            c[2] += n;
                            c[1] += rs.getInt(3) == 1 ? n : 0;
                        }
                    }
                });
        List<Map.Entry<String, long[]>> busiest = new ArrayList<>(counts.entrySet());
        busiest.sort(Comparator.comparingLong((Map.Entry<String, long[]> e) -> -(e.getValue()[0] + e.getValue()[2])));
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Map.Entry<String, long[]> e : busiest.subList(0, Math.min(MOST_ACCOUNTS, busiest.size()))) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("account_id", e.getKey());
            row.put("name", accounts.find(e.getKey()).map(Account::name).orElse(null));
            row.put("running", e.getValue()[0]);
            row.put("waiting", e.getValue()[1]);
            row.put("pending", e.getValue()[2]);
            row.put("file_bytes", tasks.accountFileBytes(e.getKey()));
            AccountLimits.Limits applied = limits.effective(e.getKey());
            row.put("max_running", applied.maxRunning());
            row.put("max_pending", applied.maxPending());
            row.put("max_file_bytes", applied.maxFileBytes());
            rows.add(row);
        }
        return rows;
    }

    /** Tasks of the account and those within it by the day (UTC) and status they ended in, oldest day first. */
    private List<Map<String, Object>> perDay(String account) {
        long today = System.currentTimeMillis() / DAY_MS;
        Map<Long, Map<String, Long>> days = new TreeMap<>();
        for (long day = today - DAYS + 1; day <= today; day++) {
            Map<String, Long> byStatus = new LinkedHashMap<>();
            ENDED.forEach(s -> byStatus.put(s, 0L));
            days.put(day, byStatus);
        }
        jdbc.sql("SELECT account_id, ended / " + DAY_MS + " AS day, status, COUNT(*) FROM bw_task WHERE ended >= ? AND status IN ('success',"
                        + " 'partial', 'failure', 'stopped', 'internal_error') GROUP BY account_id, ended / " + DAY_MS + ", status")
                .param((today - DAYS + 1) * DAY_MS)
                .query(rs -> {
                    Map<String, Long> byStatus = days.get(rs.getLong(2));
                    if (byStatus != null && within(rs.getString(1), account)) {
                        byStatus.merge(rs.getString(3), rs.getLong(4), Long::sum);
                    }
                });
        List<Map<String, Object>> list = new ArrayList<>();
        days.forEach((day, byStatus) -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("day", LocalDate.ofEpochDay(day).toString());
            entry.putAll(byStatus);
            list.add(entry);
        });
        return list;
    }

    /** Rows committed across the engine, per second, each minute of the last hour (oldest first; 0 for a quiet one). */
    private List<Map<String, Object>> rowsPerSecond() {
        long now = System.currentTimeMillis() / MINUTE_MS;
        Map<Long, Long> rows = new TreeMap<>();
        for (long minute = now - 59; minute <= now; minute++) {
            rows.put(minute, 0L);
        }
        jdbc.sql("SELECT sampled / " + MINUTE_MS + " AS minute, SUM(rows_count) FROM bw_rows_sample WHERE sampled >= ? GROUP BY sampled / "
                        + MINUTE_MS)
                .param((now - 59) * MINUTE_MS)
                .query(rs -> {
                    long minute = rs.getLong(1);
                    long n = rs.getLong(2);
                    rows.computeIfPresent(minute, (k, v) -> v + n);
                });
        List<Map<String, Object>> list = new ArrayList<>();
        rows.forEach((minute, n) -> list.add(Map.of("minute", Instant.ofEpochMilli(minute * MINUTE_MS).atOffset(ZoneOffset.UTC)
                .toLocalTime().toString(), "rows_per_second", Math.round(n / 60.0 * 10) / 10.0)));
        return list;
    }
}
