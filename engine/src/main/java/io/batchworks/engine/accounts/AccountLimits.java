package io.batchworks.engine.accounts;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import io.batchworks.engine.EngineSettings;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The limits on an account's tasks: the settings ({@code batchworks.dispatch.account-limit},
 * {@code batchworks.quotas.*}), or the figures a super admin set on that account ({@code bw_account_limits}, shown as
 * {@code task_limits} on its document). 0 is no limit.
 */
@Component
public class AccountLimits {

    /**
     * An account's own figures, each null where the setting applies.
     *
     * @param maxRunning   the most it runs at once across every node, each partition counted
     * @param maxPending   the most tasks it keeps pending (not started, queued, or waiting for others)
     * @param maxFileBytes the most bytes of task files it keeps
     */
    public record Limits(Integer maxRunning, Integer maxPending, Long maxFileBytes) {
        public static final Limits NONE = new Limits(null, null, null);
    }

    private final JdbcClient jdbc;
    private final EngineSettings settings;

    AccountLimits(JdbcClient jdbc, EngineSettings settings) {
        this.jdbc = jdbc;
        this.settings = settings;
    }

    /** The account's own figures; {@link Limits#NONE} when it has none. */
    public Limits own(String accountId) {
        return jdbc.sql("SELECT max_running, max_pending, max_file_bytes FROM bw_account_limits WHERE account_id = ?").param(accountId)
                .query((rs, n) -> new Limits(rs.getObject(1, Integer.class), rs.getObject(2, Integer.class), rs.getObject(3, Long.class)))
                .optional().orElse(Limits.NONE);
    }

    /** Sets the account's own figures (nulls: the settings again). */
    public void set(String accountId, Limits limits) {
        jdbc.sql("DELETE FROM bw_account_limits WHERE account_id = ?").param(accountId).update();
        if (!limits.equals(Limits.NONE)) {
            jdbc.sql("INSERT INTO bw_account_limits (account_id, max_running, max_pending, max_file_bytes) VALUES (?, ?, ?, ?)")
                    .params(accountId, limits.maxRunning(), limits.maxPending(), limits.maxFileBytes()).update();
        }
    }

    /**
     * What an account's document shows of its limits: {@code task_limits}, its own figures (those set), and
     * {@code task_limits_applied}, what applies (the settings where it has none of its own).
     */
    public Map<String, Object> onDocument(String accountId) {
        Map<String, Object> own = figures(own(accountId));
        own.values().removeIf(Objects::isNull);
        return Map.of("task_limits", own, "task_limits_applied", figures(effective(accountId)));
    }

    private static Map<String, Object> figures(Limits l) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("max_running", l.maxRunning());
        f.put("max_pending", l.maxPending());
        f.put("max_file_bytes", l.maxFileBytes());
        return f;
    }

    /** The limits that apply to the account: its own figures where it has them, else the settings. */
    public Limits effective(String accountId) {
        Limits own = own(accountId);
        return new Limits(Optional.ofNullable(own.maxRunning()).orElse(settings.dispatch().accountLimit()),
                Optional.ofNullable(own.maxPending()).orElse(settings.quotas().pendingTasks()),
                Optional.ofNullable(own.maxFileBytes()).orElse(settings.quotas().fileBytes().toBytes()));
    }
}
