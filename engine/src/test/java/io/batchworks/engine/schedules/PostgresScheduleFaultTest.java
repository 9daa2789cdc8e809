package io.batchworks.engine.schedules;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.batchworks.engine.plugins.TestPlugins;
import io.batchworks.engine.support.CuttableProxy;
import io.batchworks.engine.support.CuttableProxy.AtTransactionEnd;
import io.batchworks.engine.support.Engines;
import io.batchworks.engine.support.ForkedScenarios;
import io.batchworks.engine.support.LinkFaults;
import io.batchworks.engine.support.OnPostgres;
import io.batchworks.engine.support.TestDatabase;
import io.batchworks.testapi.Api;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import tools.jackson.databind.JsonNode;

/**
 * A fire whose task's commit is lost, before PostgreSQL gets it (no task) or after it did (a task not yet started), is
 * run again and ends with one task, started: no fire is lost to the fault, and none makes two tasks. The schedule queues
 * a fire behind a task still running, so a slow machine turns no fire into {@code skipped}.
 */
@Execution(ExecutionMode.CONCURRENT) // a forked engine that mostly waits: beside the other tests (junit.parallel, parent POM)
@OnPostgres
class PostgresScheduleFaultTest extends ForkedScenarios {

    @Override
    protected void prepare(Path work) throws Exception {
        TestPlugins.greet("1.0.0", "Hello").buildTo(work.resolve("plugins/greet.jar"));
    }

    @Test
    void aFireWhoseCommitIsLostIsRunAgainAndMakesOneTask() throws Exception {
        try (TestDatabase db = database(); CuttableProxy proxy = LinkFaults.proxy();
             Engines.Forked engine = new Engines.Forked(db.via(proxy.port()), work)) {
            Api api = engine.api();
            String path = "/v2/accounts/" + api.get("/v2/token_auth").data().path("account_id").asString() + "/task_schedules";
            String id = api.putJson(path, Map.of("data", Map.of("category", "greetings", "action", "import", "every", "2s",
                    "overlap", "queue", "enabled", false))).data().path("id").asString();
            assertThat(api.send("PUT", path + "/" + id + "/input", "text/csv", "name\nann\n").status()).isEqualTo(200);
            AtomicInteger creates = new AtomicInteger();
            proxy.failTransactionEnds((command, statements) -> {
                if (!command.equals("COMMIT") || statements.stream().noneMatch(s -> s.startsWith("INSERT INTO bw_task ("))) {
                    return AtTransactionEnd.PASS;
                }
                return switch (creates.incrementAndGet()) {
                    case 1 -> AtTransactionEnd.CUT_BEFORE;
                    case 3 -> AtTransactionEnd.CUT_AFTER;
                    default -> AtTransactionEnd.PASS;
                };
            });
            api.patch(path + "/" + id, "{\"data\":{\"enabled\":true}}");
            Engines.await(Duration.ofSeconds(60), "three fires", () -> fires(api, path + "/" + id).size() >= 3);
            Engines.await(Duration.ofSeconds(60), "the fire whose answer was lost run again, finding its task",
                    () -> logSays(engine, "that an earlier attempt of its fire at"));
            api.patch(path + "/" + id, "{\"data\":{\"enabled\":false}}");
            assertThat(creates.get()).as("both faults happened").isGreaterThanOrEqualTo(3);

            List<JsonNode> fires = fires(api, path + "/" + id);
            List<String> tasks = new ArrayList<>();
            for (JsonNode fire : fires) {
                assertThat(fire.path("outcome").asString()).as(fire.toString()).isEqualTo("task");
                tasks.add(fire.path("task_id").asString());
            }
            assertThat(tasks).doesNotHaveDuplicates();
            for (String task : tasks) {
                assertThat(api.awaitEnd(task, Duration.ofSeconds(60)).path("status").asString()).isEqualTo("success");
            }
            assertThat(api.get(path.replace("/task_schedules", "/tasks") + "?category=greetings").data()).as("a task per fire, no more")
                    .hasSize(tasks.size());
        }
    }

    private static boolean logSays(Engines.Forked engine, String text) {
        try {
            return Files.readString(engine.log()).contains(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<JsonNode> fires(Api api, String schedule) {
        List<JsonNode> fires = new ArrayList<>();
        api.get(schedule).data().path("last_fires").forEach(f -> {
            if (!f.path("outcome").asString().equals("missed")) {
                fires.add(f);
            }
        });
        return fires;
    }
}
