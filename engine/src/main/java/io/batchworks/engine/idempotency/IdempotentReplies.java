package io.batchworks.engine.idempotency;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * What each account's idempotency keys hold ({@code bw_idempotency}): nothing, a request being answered (claimed, no
 * reply yet), or the reply to give again. Keys are forgotten after the window; a claim older than
 * {@link IdempotencySettings#inProgress()} was left by a node that died while answering, and is taken over.
 */
@Component
class IdempotentReplies {

    /** How often a node removes the keys of every account whose window has passed, at most. */
    private static final long SWEEP_EVERY_MS = 60_000;

    /**
     * What a key already holds.
     *
     * @param requestHash the request it answered ({@link HashedBody#hash()}); {@code null} while it is being answered
     */
    record Remembered(String requestHash, int status, String contentType, String body) {

        boolean answered() {
            return requestHash != null;
        }
    }

    private final JdbcClient jdbc;
    private final long windowMs;
    private final long inProgressMs;
    private final AtomicLong lastSweep = new AtomicLong();

    IdempotentReplies(DataSource dataSource, IdempotencySettings settings) {
        this.jdbc = JdbcClient.create(dataSource);
        this.windowMs = settings.window().toMillis();
        this.inProgressMs = settings.inProgress().toMillis();
    }

    /** Claims {@code key} for a request answered now: empty when claimed, else what the key already holds. */
    Optional<Remembered> claim(String accountId, String key) {
        long now = System.currentTimeMillis();
        sweep(now);
        for (int attempt = 0; attempt < 3; attempt++) {
            jdbc.sql("DELETE FROM bw_idempotency WHERE account_id = ? AND idem_key = ?"
                            + " AND (created < ? OR (status IS NULL AND created < ?))")
                    .params(accountId, key, now - windowMs, now - inProgressMs).update();
            try {
                jdbc.sql("INSERT INTO bw_idempotency (account_id, idem_key, created) VALUES (?, ?, ?)")
                        .params(accountId, key, now).update();
                return Optional.empty();
            } catch (DuplicateKeyException held) {
                Optional<Remembered> remembered = jdbc.sql("SELECT request_hash, status, content_type, body FROM bw_idempotency"
                                + " WHERE account_id = ? AND idem_key = ?")
                        .params(accountId, key)
                        .query((rs, n) -> new Remembered(rs.getString(1), rs.getInt(2), rs.getString(3), rs.getString(4)))
                        .optional();
                if (remembered.isPresent()) {
                    return remembered;
                }
                // released in between: claim again
            }
        }
        throw new IllegalStateException("idempotency key " + key + " of account " + accountId + " kept changing hands");
    }

    /** Keeps the reply to a claimed key's request. */
    void answer(String accountId, String key, String requestHash, int status, String contentType, String body) {
        jdbc.sql("UPDATE bw_idempotency SET request_hash = ?, status = ?, content_type = ?, body = ?"
                        + " WHERE account_id = ? AND idem_key = ?")
                .params(requestHash, status, contentType, body, accountId, key).update();
    }

    /** Gives a claimed key up: its request left nothing to answer again (it failed, or its reply could not be kept). */
    void release(String accountId, String key) {
        jdbc.sql("DELETE FROM bw_idempotency WHERE account_id = ? AND idem_key = ? AND status IS NULL")
                .params(accountId, key).update();
    }

    private void sweep(long now) {
        long last = lastSweep.get();
        if (now - last >= SWEEP_EVERY_MS && lastSweep.compareAndSet(last, now)) {
            jdbc.sql("DELETE FROM bw_idempotency WHERE created < ?").params(now - windowMs).update();
        }
    }
}
