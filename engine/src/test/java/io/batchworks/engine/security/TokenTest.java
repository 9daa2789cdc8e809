package io.batchworks.engine.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import io.batchworks.testapi.Api;
import io.batchworks.engine.support.EngineScenarios;
import io.batchworks.engine.support.OnBothDatabases;
import io.batchworks.engine.support.RawHttp;

import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Tokens as Kazoo has them: revoked by {@code DELETE /v2/token_auth}, gone once unused for the token lifetime, and
 * the engine's own one-request tokens cleared when a crash left them behind.
 */
@OnBothDatabases
public class TokenTest extends EngineScenarios {

    @Test
    void aRevokedTokenIsRefusedFromTheNextRequestOn() {
        String account = api.createAccount(master, Map.of("name", "revoking"));
        Api own = api.loginAs(account);
        assertThat(own.get("/v2/token_auth").data().path("account_id").asString()).isEqualTo(account);

        Api.Reply revoked = own.delete("/v2/token_auth");
        assertThat(revoked.status()).isEqualTo(200);
        assertThat(revoked.json().path("status").asString()).isEqualTo("success");

        Api.Reply after = own.get("/v2/token_auth");
        assertThat(after.status()).isEqualTo(401);
        assertThat(after.json().path("message").asString()).isEqualTo("invalid credentials");
        assertThat(api.get("/v2/token_auth").status()).as("other tokens live on").isEqualTo(200);
        assertThat(api.as(null).delete("/v2/token_auth").status()).as("no token, nothing to revoke").isEqualTo(401);
    }

    /** A token header holding a control character (a C1 byte, which the HTTP parser lets through) is refused as a bad request. */
    @Test
    void aTokenHeaderWithAControlCharacterIsRefusedBeforeItIsLookedUp() throws Exception {
        try (Socket socket = RawHttp.connect(URI.create(api.base()).getPort())) {
            socket.getOutputStream().write(("GET /v2/token_auth HTTP/1.1\r\nHost: localhost\r\nX-Auth-Token: " + api.token() + "\u0085\r\n"
                    + "Connection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            assertThat(RawHttp.statusOf(socket)).isEqualTo(400);
        }
        assertThat(api.get("/v2/token_auth").status()).as("the same token, without it").isEqualTo(200);
    }

    /**
     * Kazoo's verb tunnel: a {@code POST} carrying {@code verb} is that method, to its rules and the token filter alike
     * (the engine's own client sends its {@code PATCH}es so).
     */
    @Test
    void aPostCarryingAVerbIsThatMethod() {
        Api.Reply created = api.post("/v2/accounts/" + master + "?verb=put", "{\"data\":{\"name\":\"tunnelled\"}}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        Api own = api.loginAs(created.data().path("id").asString());
        assertThat(own.post("/v2/token_auth?verb=GET", "").status()).as("only PUT, PATCH and DELETE are carried").isEqualTo(405);
        assertThat(own.post("/v2/token_auth?verb=DELETE", "").status()).isEqualTo(200);
        assertThat(own.get("/v2/token_auth").status()).as("revoked through the tunnel").isEqualTo(401);
        assertThat(api.post("/v2/token_auth", "").status()).as("a POST without a verb is a POST").isEqualTo(405);
    }

    @Test
    void aTokenUnusedForItsLifetimeIsRefusedAndAUseRenewsIt() {
        String account = api.createAccount(master, Map.of("name", "idle"));
        Api idle = api.loginAs(account);
        Api busy = api.loginAs(account);
        JdbcClient jdbc = engine.bean(JdbcClient.class);
        long dayAndAMinuteAgo = System.currentTimeMillis() - (24 * 3600 + 60) * 1000L;
        long twoMinutesAgo = System.currentTimeMillis() - 120_000;
        setLastUsed(jdbc, idle.token(), dayAndAMinuteAgo);
        setLastUsed(jdbc, busy.token(), twoMinutesAgo);

        assertThat(idle.get("/v2/token_auth").status()).as("unused for longer than token-ttl (24h)").isEqualTo(401);
        assertThat(busy.get("/v2/token_auth").status()).isEqualTo(200);
        assertThat(lastUsed(jdbc, busy.token())).as("the use renewed it").isGreaterThan(twoMinutesAgo);

        assertThat(engine.bean(TokenStore.class).clearStale()).as("the expired one cleared").isEqualTo(1);
        assertThat(lastUsed(jdbc, idle.token())).isNull();
    }

    @Test
    void oneRequestTokensLeftBehindAreCleared() {
        TokenStore tokens = engine.bean(TokenStore.class);
        JdbcClient jdbc = engine.bean(JdbcClient.class);
        String fresh = tokens.issueForOneRequest(master);
        String leftBehind = tokens.issueForOneRequest(master);
        jdbc.sql("UPDATE bw_token SET created = ? WHERE token_hash = ?")
                .params(System.currentTimeMillis() - 600_000, TokenStore.hash(leftBehind)).update();

        tokens.clearStale();

        assertThat(tokens.grantOf(leftBehind)).as("a fetch ten minutes old ended long ago").isEmpty();
        assertThat(tokens.grantOf(fresh)).as("a fetch may still be using this one").isPresent();
        tokens.revoke(fresh);
        assertThat(api.get("/v2/token_auth").status()).isEqualTo(200);
    }

    private static void setLastUsed(JdbcClient jdbc, String token, long at) {
        jdbc.sql("UPDATE bw_token SET last_used = ? WHERE token_hash = ?").params(at, TokenStore.hash(token)).update();
    }

    private static Long lastUsed(JdbcClient jdbc, String token) {
        return jdbc.sql("SELECT last_used FROM bw_token WHERE token_hash = ?").param(TokenStore.hash(token))
                .query(Long.class).optional().orElse(null);
    }
}
