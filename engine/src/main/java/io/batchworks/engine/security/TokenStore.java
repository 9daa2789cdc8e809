package io.batchworks.engine.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import io.batchworks.engine.EngineSettings;
import io.batchworks.engine.Ids;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Auth tokens: issued once in clear, stored as SHA-256 hashes only. A token unused for {@code batchworks.token-ttl}
 * is gone; each use renews it, written at most once a minute so that reads stay reads. Tokens in use are kept in a
 * {@link TokenCache}, which a revocation empties on every node at once.
 */
@Component
public class TokenStore {

    /** How stale a token's last use may be written before a use renews it. */
    private static final long RENEW_AFTER_MS = 60_000;
    /** A one-request token older than this belongs to a fetch that ended long ago (its timeout is 60 s). */
    private static final long ONE_REQUEST_MAX_AGE_MS = 5 * 60_000;

    private final JdbcClient jdbc;
    private final long ttlMs;
    private final TokenCache cache;

    TokenStore(JdbcClient jdbc, EngineSettings settings, TokenCache cache) {
        this.jdbc = jdbc;
        this.cache = cache;
        this.ttlMs = settings.tokenTtl() == null ? 0 : settings.tokenTtl().toMillis();
    }

    /** What a token stands for: its account and, for a limited token, its permissions ({@code null}: all). */
    public record Grant(String accountId, Set<String> permissions) {
    }

    /** A new token for the account, returned in clear this once. */
    public String issue(String accountId) {
        return issue(accountId, null);
    }

    /** A new token limited to {@code permissions} ({@code null}: a full token of the account). */
    public String issue(String accountId, Collection<String> permissions) {
        return insert(accountId, permissions, false);
    }

    /** A full token of the account for one request the engine makes itself; {@link #revoke} it after. */
    public String issueForOneRequest(String accountId) {
        return insert(accountId, null, true);
    }

    private String insert(String accountId, Collection<String> permissions, boolean oneRequest) {
        String token = Ids.newSecret();
        long now = System.currentTimeMillis();
        jdbc.sql("INSERT INTO bw_token (token_hash, account_id, created, permissions, last_used, one_request)"
                        + " VALUES (?, ?, ?, ?, ?, ?)")
                .params(hash(token), accountId, now, permissions == null ? null : String.join(",", new TreeSet<>(permissions)),
                        now, oneRequest)
                .update();
        return token;
    }

    /** Withdraws a token. */
    public void revoke(String token) {
        String hash = hash(token);
        jdbc.sql("DELETE FROM bw_token WHERE token_hash = ?").param(hash).update();
        cache.revoked(hash);
    }

    /** The account a token belongs to, and what it may do; empty for an unknown or expired token. */
    public Optional<Grant> grantOf(String token) {
        String hash = hash(token);
        long now = System.currentTimeMillis();
        long revocations = cache.revocations();
        TokenCache.Entry entry = cache.get(hash);
        if (entry == null || expired(entry, now)) { // another node may have renewed it since: the database tells
            entry = jdbc.sql("SELECT account_id, permissions, last_used FROM bw_token WHERE token_hash = ?").param(hash)
                    .query((rs, i) -> new TokenCache.Entry(new Grant(rs.getString(1), rs.getString(2) == null ? null
                            : Set.of(rs.getString(2).isEmpty() ? new String[0] : rs.getString(2).split(","))), rs.getLong(3)))
                    .optional().orElse(null);
            if (entry == null || expired(entry, now)) {
                return Optional.empty();
            }
            cache.put(hash, entry, revocations);
        }
        if (now - entry.lastUsed() > RENEW_AFTER_MS) {
            jdbc.sql("UPDATE bw_token SET last_used = ? WHERE token_hash = ?").params(now, hash).update();
            cache.put(hash, new TokenCache.Entry(entry.grant(), now), revocations);
        }
        return Optional.of(entry.grant());
    }

    private boolean expired(TokenCache.Entry entry, long now) {
        return ttlMs > 0 && now - entry.lastUsed() > ttlMs;
    }

    /** Deletes expired tokens and one-request tokens left behind by a fetch that never ended; how many. */
    public int clearStale() {
        long now = System.currentTimeMillis();
        int oneRequest = jdbc.sql("DELETE FROM bw_token WHERE one_request = TRUE AND created < ?")
                .param(now - ONE_REQUEST_MAX_AGE_MS).update();
        int expired = ttlMs <= 0 ? 0 : jdbc.sql("DELETE FROM bw_token WHERE last_used < ?").param(now - ttlMs).update();
        if (oneRequest + expired > 0) {
            cache.revokedMany();
        }
        return oneRequest + expired;
    }

    static String hash(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
