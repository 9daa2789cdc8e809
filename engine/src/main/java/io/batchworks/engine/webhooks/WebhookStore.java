package io.batchworks.engine.webhooks;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import tools.jackson.databind.json.JsonMapper;

/** The {@code bw_webhook} and {@code bw_webhook_attempt} tables. */
@Component
class WebhookStore {

    /** One attempt to deliver, as Kazoo lists them. */
    record Attempt(long id, String webhookId, String eventId, String subjectId, long happened, String result, Integer responseCode,
                   String reason, int retriesLeft) {
    }

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final RowMapper<Webhook> mapper;

    WebhookStore(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
        this.mapper = (rs, n) -> new Webhook(rs.getString("id"), rs.getString("account_id"), rs.getString("name"), rs.getString("uri"),
                rs.getString("http_verb"), rs.getString("hook"), rs.getInt("retries"), json.readTree(rs.getString("custom_data")),
                rs.getBoolean("enabled"), rs.getBoolean("include_subaccounts"), rs.getString("secret"), rs.getString("disable_reason"),
                rs.getInt("failures"), rs.getLong("created"));
    }

    void insert(Webhook w) {
        jdbc.sql("INSERT INTO bw_webhook (id, account_id, name, uri, http_verb, hook, retries, custom_data, enabled, include_subaccounts,"
                        + " secret, created) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(w.id(), w.accountId(), w.name(), w.uri(), w.httpVerb(), w.hook(), w.retries(), json.writeValueAsString(w.customData()),
                        w.enabled(), w.includeSubaccounts(), w.secret(), w.created())
                .update();
    }

    /** Replaces what a request sets, and the state (disabled, failures) as given. */
    void update(Webhook w) {
        jdbc.sql("UPDATE bw_webhook SET name = ?, uri = ?, http_verb = ?, hook = ?, retries = ?, custom_data = ?, enabled = ?,"
                        + " include_subaccounts = ?, disable_reason = ?, failures = ? WHERE id = ?")
                .params(w.name(), w.uri(), w.httpVerb(), w.hook(), w.retries(), json.writeValueAsString(w.customData()), w.enabled(),
                        w.includeSubaccounts(), w.disableReason(), w.failures(), w.id())
                .update();
    }

    Optional<Webhook> find(String id) {
        return jdbc.sql("SELECT * FROM bw_webhook WHERE id = ?").param(id).query(mapper).optional();
    }

    /** One page of an account's webhooks, oldest first, from {@code (created, id)} of a previous page's next key. */
    List<Webhook> page(String accountId, long fromCreated, String fromId, int size) {
        return jdbc.sql("SELECT * FROM bw_webhook WHERE account_id = ? AND created >= ? AND (created > ? OR id >= ?)"
                        + " ORDER BY account_id, created, id FETCH FIRST ? ROWS ONLY")
                .params(accountId, fromCreated, fromCreated, fromId, size).query(mapper).list();
    }

    /** The enabled webhooks of these accounts subscribed to {@code hook} (or to all). */
    List<Webhook> subscribed(Collection<String> accountIds, String hook) {
        return jdbc.sql("SELECT * FROM bw_webhook WHERE account_id IN (:accounts) AND enabled AND hook IN (:hook, :all)")
                .paramSource(new MapSqlParameterSource("accounts", accountIds).addValue("hook", hook).addValue("all", Hooks.ALL))
                .query(mapper).list();
    }

    void delete(String id) {
        jdbc.sql("DELETE FROM bw_webhook_delivery WHERE webhook_id = ?").param(id).update();
        jdbc.sql("DELETE FROM bw_webhook WHERE id = ?").param(id).update();
    }

    /** Re-enables every hook of the account that was disabled; how many. */
    int reEnableAll(String accountId) {
        return jdbc.sql("UPDATE bw_webhook SET enabled = TRUE, disable_reason = NULL, failures = 0 WHERE account_id = ? AND NOT enabled")
                .param(accountId).update();
    }

    void attempted(Webhook w, String eventId, String subjectId, boolean success, Integer code, String reason, int retriesLeft) {
        jdbc.sql("INSERT INTO bw_webhook_attempt (webhook_id, account_id, event_id, subject_id, happened, result, response_code, reason,"
                        + " retries_left) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(w.id(), w.accountId(), eventId, subjectId, System.currentTimeMillis(), success ? "success" : "failure", code,
                        reason == null ? null : reason.substring(0, Math.min(reason.length(), 1000)), retriesLeft)
                .update();
    }

    /** A delivery used up its retries ({@code failed}) or got through: the hook's failures in a row, and its disabling. */
    void outcome(Webhook w, boolean delivered, int disableAfter, String reason) {
        if (delivered) {
            jdbc.sql("UPDATE bw_webhook SET failures = 0 WHERE id = ? AND failures > 0").param(w.id()).update();
            return;
        }
        jdbc.sql("UPDATE bw_webhook SET failures = failures + 1 WHERE id = ?").param(w.id()).update();
        String why = "disabled after " + disableAfter + " deliveries in a row failed; the last: " + reason;
        jdbc.sql("UPDATE bw_webhook SET enabled = FALSE, disable_reason = ? WHERE id = ? AND enabled AND failures >= ?")
                .params(why.substring(0, Math.min(why.length(), 1000)), w.id(), disableAfter)
                .update();
    }

    /** Attempts, newest first: of the account, or of one webhook, or about one task or schedule (any left {@code null}). */
    List<Attempt> attempts(String accountId, String webhookId, String subjectId, long beforeId, int size) {
        List<Object> params = new ArrayList<>(List.of(accountId, beforeId));
        StringBuilder sql = new StringBuilder("SELECT * FROM bw_webhook_attempt WHERE account_id = ? AND id < ?");
        for (String[] column : new String[][] {{"webhook_id", webhookId}, {"subject_id", subjectId}}) {
            if (column[1] != null) {
                sql.append(" AND ").append(column[0]).append(" = ?");
                params.add(column[1]);
            }
        }
        params.add(size);
        return jdbc.sql(sql + " ORDER BY id DESC FETCH FIRST ? ROWS ONLY").params(params)
                .query((rs, n) -> new Attempt(rs.getLong("id"), rs.getString("webhook_id"), rs.getString("event_id"), rs.getString("subject_id"),
                        rs.getLong("happened"), rs.getString("result"), rs.getObject("response_code", Integer.class), rs.getString("reason"),
                        rs.getInt("retries_left")))
                .list();
    }
}
