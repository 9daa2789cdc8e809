package io.batchworks.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;

import io.batchworks.testapi.Api;
import io.batchworks.engine.support.CuttableProxy;
import io.batchworks.engine.support.Engines;
import io.batchworks.engine.support.TestDatabase;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /actuator/health} goes DOWN (503) when the connection to PostgreSQL is cut, and readiness with it. */
class PostgresHealthTest {

    @TempDir
    Path work;

    @Test
    void healthIsDownWhenTheDatabaseIsUnreachable() throws Exception {
        try (TestDatabase db = TestDatabase.postgres(); CuttableProxy proxy = new CuttableProxy(5432);
             Engines.Embedded engine = new Engines.Embedded(db.via(proxy.port()), work,
                     "--spring.datasource.hikari.connection-timeout=1000", "--spring.datasource.hikari.validation-timeout=500")) {
            Api anonymous = engine.api().as(null);
            assertThat(anonymous.get("/actuator/health").json().path("status").asString()).isEqualTo("UP");
            assertThat(anonymous.get("/actuator/health/readiness").status()).isEqualTo(200);

            proxy.cut();
            Engines.await(Duration.ofSeconds(30), "health DOWN", () -> anonymous.get("/actuator/health").status() == 503);
            assertThat(anonymous.get("/actuator/health").json().path("status").asString()).isEqualTo("DOWN");
            assertThat(anonymous.get("/actuator/health/readiness").status()).isEqualTo(503);
            assertThat(anonymous.get("/actuator/health/liveness").status()).as("the process itself lives").isEqualTo(200);
        }
    }
}
