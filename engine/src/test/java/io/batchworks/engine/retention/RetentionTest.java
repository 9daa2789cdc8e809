package io.batchworks.engine.retention;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.batchworks.engine.plugins.TestPlugins;
import io.batchworks.engine.support.Engines;
import io.batchworks.engine.support.EngineScenarios;
import io.batchworks.engine.support.OnBothDatabases;
import io.batchworks.testapi.Api;

import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The cleanup of finished work, run now by a super admin: tasks whose retention has passed since they ended go with
 * their files and Spring Batch records, a task marked {@code keep} and a recent one stay, and the run is shown and
 * audited. Only super admins see or run it; only {@code keep} changes on a task.
 */
@OnBothDatabases
class RetentionTest extends EngineScenarios {

    private static final long DAYS_40 = Duration.ofDays(40).toMillis();

    @Override
    protected void prepare(Path work) throws Exception {
        TestPlugins.greet("1.0.0", "Hello").buildTo(work.resolve("plugins/greet.jar"));
    }

    @Test
    void expiredTasksGoAndKeptOrRecentOnesStay() throws Exception {
        List<String> old = List.of(ran(), ran());
        String kept = ran();
        String recent = ran();
        JdbcClient jdbc = engine.bean(JdbcClient.class);
        for (String id : List.of(old.get(0), old.get(1), kept)) {
            jdbc.sql("UPDATE bw_task SET ended = ended - ? WHERE id = ?").params(DAYS_40, id).update();
        }
        Api.Reply keep = api.post("/v2/tasks/" + kept, "{\"data\": {\"keep\": true}}");
        assertThat(keep.status()).as(keep.body()).isEqualTo(200);
        assertThat(keep.task().path("keep").asBoolean()).isTrue();
        assertThat(api.post("/v2/tasks/" + kept, "{\"data\": {\"keep\": \"yes\"}}").status()).isEqualTo(400);
        assertThat(api.post("/v2/tasks/" + kept, "{\"data\": {\"status\": \"success\"}}").data().has("status")).isTrue();
        Api customer = api.loginAs(api.createAccount(master, Map.of("name", "not an operator " + kind)));
        assertThat(customer.get("/v2/retention").status()).isEqualTo(403);
        assertThat(customer.post("/v2/retention", "").status()).isEqualTo(403);
        assertThat(customer.post("/v2/tasks/" + kept, "{\"data\": {\"keep\": false}}").status()).as("another account's task")
                .isIn(403, 404);

        assertThat(api.post("/v2/retention", "").status()).isEqualTo(202);
        Engines.await(Duration.ofSeconds(60), "the expired tasks removed", () -> old.stream()
                .allMatch(id -> api.get("/v2/tasks/" + id).status() == 404));
        for (String id : old) {
            assertThat(Files.exists(work.resolve("data/tasks/" + id))).as("its files").isFalse();
            assertThat(jdbc.sql("SELECT COUNT(*) FROM BATCH_JOB_EXECUTION_PARAMS WHERE PARAMETER_VALUE = ?").param(id)
                    .query(Long.class).single()).as("its Spring Batch records").isZero();
        }
        for (String id : List.of(kept, recent)) {
            assertThat(api.get("/v2/tasks/" + id).task().path("status").asString()).isEqualTo("success");
            assertThat(api.get("/v2/tasks/" + id + "/runs").data().path("runs")).hasSize(1);
        }
        Engines.await(Duration.ofSeconds(30), "the run ended", () -> "completed".equals(
                api.get("/v2/retention").data().path("last_run").path("status").asString()));
        Api.Reply shown = api.get("/v2/retention");
        assertThat(shown.data().path("kept_days").path("success").asDouble()).isEqualTo(30.0);
        assertThat(shown.data().path("last_run").path("steps").get(0).path("write_count").asLong()).isGreaterThanOrEqualTo(2);
        String run = "run%20" + shown.data().path("last_run").path("id").asLong();
        assertThat(api.get("/v2/audit?target_id=" + run).data().get(0).path("detail").asString()).startsWith("removed 2 tasks");
    }

    private String ran() {
        return api.run("category=greetings&action=import", "name\nann\nbob\n", Duration.ofSeconds(60)).path("id").asString();
    }
}
