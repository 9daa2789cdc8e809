package io.batchworks.engine.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import io.batchworks.engine.Ids;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Auth tokens: issued once in clear, stored as SHA-256 hashes only. */
@Component
public class TokenStore {

    private final JdbcClient jdbc;

    public TokenStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
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
        String token = Ids.newSecret();
        jdbc.sql("INSERT INTO bw_token (token_hash, account_id, created, permissions) VALUES (?, ?, ?, ?)")
                .params(hash(token), accountId, System.currentTimeMillis(),
                        permissions == null ? null : String.join(",", new TreeSet<>(permissions)))
                .update();
        return token;
    }

    /** Withdraws a token. */
    public void revoke(String token) {
        jdbc.sql("DELETE FROM bw_token WHERE token_hash = ?").param(hash(token)).update();
    }

    /** The account a token belongs to, and what it may do. */
    public Optional<Grant> grantOf(String token) {
        return jdbc.sql("SELECT account_id, permissions FROM bw_token WHERE token_hash = ?").param(hash(token))
                .query((rs, i) -> new Grant(rs.getString(1), rs.getString(2) == null ? null
                        : Set.of(rs.getString(2).isEmpty() ? new String[0] : rs.getString(2).split(","))))
                .optional();
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
