package io.batchworks.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.batchworks.testapi.Api;
import io.batchworks.engine.support.CuttableProxy;
import io.batchworks.engine.support.Engines;
import io.batchworks.engine.support.TestDatabase;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /actuator/health} goes DOWN (503) when the connection to PostgreSQL is cut, and readiness with it; the API answers
 * 503 with {@code Retry-After} meanwhile.
 */
class PostgresHealthTest {

    @TempDir
    Path work;

    @Test
    void healthIsDownWhenTheDatabaseIsUnreachable() throws Exception {
        try (TestDatabase db = TestDatabase.postgres(); CuttableProxy proxy = new CuttableProxy(5432);
             Engines.Embedded engine = new Engines.Embedded(db.via(proxy.port()), work,
                     "--spring.datasource.hikari.connection-timeout=1000", "--spring.datasource.hikari.validation-timeout=500")) {
            Api anonymous = engine.api().as(null);
            String master = engine.api().get("/v2/token_auth").data().path("account_id").asString(); // the token, now known
            assertThat(anonymous.get("/actuator/health").json().path("status").asString()).isEqualTo("UP");
            assertThat(anonymous.get("/actuator/health/readiness").status()).isEqualTo(200);

            proxy.cut();
            Engines.await(Duration.ofSeconds(30), "health DOWN", () -> anonymous.get("/actuator/health").status() == 503);
            assertThat(anonymous.get("/actuator/health").json().path("status").asString()).isEqualTo("DOWN");
            assertThat(anonymous.get("/actuator/health/readiness").status()).isEqualTo(503);
            assertThat(anonymous.get("/actuator/health/liveness").status()).as("the process itself lives").isEqualTo(200);
            // the API answers that it cannot serve now, to try again: in a handler, and in the token check before it
            for (Api.Reply reply : List.of(engine.api().get("/v2/accounts/" + master + "/tasks"),
                    engine.api().as("a-token-never-seen").get("/v2/tasks"))) {
                assertThat(reply.status()).as(reply.body()).isEqualTo(503);
                assertThat(reply.header("Retry-After")).isEqualTo("5");
                assertThat(reply.json().path("data").path("reason").asString()).contains("database cannot be reached");
            }
        }
    }
}
