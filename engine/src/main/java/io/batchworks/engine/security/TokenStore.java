package io.batchworks.engine.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

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

    /** A new token for the account, returned in clear this once. */
    public String issue(String accountId) {
        String token = Ids.newSecret();
        jdbc.sql("INSERT INTO bw_token (token_hash, account_id, created) VALUES (?, ?, ?)")
                .params(hash(token), accountId, System.currentTimeMillis())
                .update();
        return token;
    }

    /** The account a token belongs to. */
    public Optional<String> accountOf(String token) {
        return jdbc.sql("SELECT account_id FROM bw_token WHERE token_hash = ?").param(hash(token))
                .query(String.class).optional();
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
