package io.batchworks.engine.webhooks;

import java.util.List;

import io.batchworks.engine.accounts.AccountStore;
import io.batchworks.plugin.accounts.Account;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The way from {@code bw_event} to the receivers: each event is handed once to the webhooks it matches (its own
 * account's, and those of the accounts above it that include sub-accounts), one {@code bw_webhook_delivery} each, in
 * one transaction with its {@code fanned_out} mark; a due delivery is leased by one sender at a time, so a sender that
 * dies mid-send leaves it to be sent again once the lease is over (at least once).
 */
@Component
class Deliveries {

    /** A delivery leased for sending, with its event. */
    record Due(String webhookId, long eventSeq, int attempts, String eventId, String subjectId, String hook, String payload) {
    }

    private static final int BATCH = 100;
    /** How long a sender holds a delivery: longer than any attempt may take. */
    private final long leaseMs;

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final WebhookStore webhooks;
    private final AccountStore accounts;
    private final TransactionTemplate together;

    Deliveries(JdbcClient jdbc, JsonMapper json, WebhookStore webhooks, AccountStore accounts, PlatformTransactionManager transactions,
               WebhookSettings settings) {
        this.jdbc = jdbc;
        this.json = json;
        this.webhooks = webhooks;
        this.accounts = accounts;
        this.together = new TransactionTemplate(transactions);
        this.leaseMs = settings.timeout().toMillis() * 3;
    }

    /** Hands up to a batch of new events to their webhooks; how many events it handed. */
    int fanOut() {
        List<Long> fresh = jdbc.sql("SELECT seq FROM bw_event WHERE fanned_out = FALSE ORDER BY fanned_out, seq FETCH FIRST ? ROWS ONLY")
                .param(BATCH).query(Long.class).list();
        int handed = 0;
        for (long seq : fresh) {
            Boolean took = together.execute(t -> {
                if (jdbc.sql("UPDATE bw_event SET fanned_out = TRUE WHERE seq = ? AND fanned_out = FALSE").param(seq).update() == 0) {
                    return false; // another node's
                }
                var event = jdbc.sql("SELECT account_id, hook, payload FROM bw_event WHERE seq = ?").param(seq)
                        .query((rs, n) -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3)}).single();
                List<Account> lineage = accounts.lineage(event[0]);
                if (lineage.isEmpty()) {
                    return true; // its account is gone: nobody to tell
                }
                JsonNode payload = json.readTree(event[2]);
                for (Webhook w : webhooks.subscribed(lineage.stream().map(Account::id).toList(), event[1])) {
                    if ((w.accountId().equals(event[0]) || w.includeSubaccounts()) && Hooks.matches(w, event[1], payload)) {
                        jdbc.sql("INSERT INTO bw_webhook_delivery (webhook_id, event_seq, state, next_at) VALUES (?, ?, 'pending', ?)")
                                .params(w.id(), seq, System.currentTimeMillis()).update();
                    }
                }
                return true;
            });
            handed += Boolean.TRUE.equals(took) ? 1 : 0;
        }
        return handed;
    }

    /** Leases up to {@code most} due deliveries to this sender. */
    List<Due> lease(int most) {
        long now = System.currentTimeMillis();
        List<Due> candidates = jdbc.sql("SELECT d.webhook_id, d.event_seq, d.attempts, e.id, e.subject_id, e.hook, e.payload"
                        + " FROM bw_webhook_delivery d JOIN bw_event e ON e.seq = d.event_seq"
                        + " WHERE d.state = 'pending' AND d.next_at <= ? AND (d.lease_until IS NULL OR d.lease_until < ?)"
                        + " ORDER BY d.state, d.next_at FETCH FIRST ? ROWS ONLY")
                .params(now, now, most)
                .query((rs, n) -> new Due(rs.getString(1), rs.getLong(2), rs.getInt(3), rs.getString(4), rs.getString(5),
                        rs.getString(6), rs.getString(7)))
                .list();
        return candidates.stream().filter(d -> jdbc.sql("UPDATE bw_webhook_delivery SET lease_until = ? WHERE webhook_id = ?"
                        + " AND event_seq = ? AND state = 'pending' AND attempts = ? AND (lease_until IS NULL OR lease_until < ?)")
                .params(now + leaseMs, d.webhookId(), d.eventSeq(), d.attempts(), now).update() == 1).toList();
    }

    /** An attempt's end: delivered, or to try again at {@code nextAt}, or failed for good when {@code nextAt} is null. */
    void attempted(Due due, boolean delivered, Long nextAt) {
        String state = delivered ? "delivered" : nextAt == null ? "failed" : "pending";
        jdbc.sql("UPDATE bw_webhook_delivery SET state = ?, attempts = attempts + 1, next_at = ?, lease_until = NULL"
                        + " WHERE webhook_id = ? AND event_seq = ?")
                .params(state, nextAt == null ? System.currentTimeMillis() : nextAt, due.webhookId(), due.eventSeq()).update();
    }

    /** Forgets events, deliveries and attempts older than {@code before}, but for deliveries still pending. */
    void prune(long before) {
        jdbc.sql("DELETE FROM bw_webhook_delivery WHERE state <> 'pending' AND next_at < ?").param(before).update();
        jdbc.sql("DELETE FROM bw_event WHERE fanned_out AND created < ? AND seq NOT IN"
                + " (SELECT event_seq FROM bw_webhook_delivery)").param(before).update();
        jdbc.sql("DELETE FROM bw_webhook_attempt WHERE happened < ?").param(before).update();
    }

    TransactionTemplate together() {
        return together;
    }
}
