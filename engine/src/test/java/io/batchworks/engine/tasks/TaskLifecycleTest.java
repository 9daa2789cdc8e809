package io.batchworks.engine.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.batchworks.engine.plugins.TestPlugins;
import io.batchworks.testapi.Api;
import io.batchworks.engine.support.ApiDocs;
import io.batchworks.engine.support.EngineScenarios;
import io.batchworks.engine.support.Engines;
import io.batchworks.engine.support.OnBothDatabases;

import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import tools.jackson.databind.JsonNode;

/**
 * A task's moves through the Kazoo tasks API, on a small test plugin whose rows are slow: each is allowed from some
 * statuses only, and an illegal one is refused with one 409 that names the task's status and where the move is
 * allowed from. The engine keeps tasks' files in its database ({@code batchworks.task-files=database}) and splits
 * the plugin's tasks in two partitions, so every upload, restart and download here goes through {@code TaskFileStore}
 * and every run through partitions; the plugins' scenarios cover local files and whole steps.
 */
@OnBothDatabases
public class TaskLifecycleTest extends EngineScenarios {

    @Override
    protected void prepare(Path work) throws Exception {
        TestPlugins.greet("1.0.0", "Hello").buildTo(work.resolve("plugins/greet.jar"));
    }

    @Override
    protected String[] engineArgs() {
        return new String[] {"--greetings.import.chunk-size=10", "--greetings.import.wait-after-row-ms=10", "--batchworks.partition.threads=2",
            "--batchworks.max-upload-size=1MB", "--batchworks.max-json-size=64KB", "--batchworks.max-csv-line=10000",
            "--batchworks.recovery.interval=1", "--batchworks.recovery.backoff=1", "--batchworks.task-files=database"};
    }

    @Test
    void aLineOverTheLimitIsOneRejectedRowAndARaggedRowRejectsTheUpload() throws Exception {
        String longCell = "x".repeat(50_000);
        String csv = "name\nalice\n" + longCell + "\n\"" + longCell + "\nstill, quoted\"\nbob\n";
        Api.Reply created = api.putCsv("/v2/tasks?category=greetings&action=import", csv);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.task().path("id").asString();
        api.patch("/v2/tasks/" + id);
        JsonNode done = api.awaitEnd(id, Duration.ofSeconds(60));
        assertThat(done.path("status").asString()).isEqualTo("partial");
        assertThat(done.path("success_count").asLong()).as("alice and bob").isEqualTo(2);
        assertThat(done.path("failure_count").asLong()).as("the two long lines").isEqualTo(2);
        String out = api.getCsv("/v2/tasks/" + id + "?csv_name=out.csv").body();
        assertThat(out.lines().skip(1)).hasSize(2).allSatisfy(line -> assertThat(line)
                .contains("line longer than 10000 characters (batchworks.max-csv-line)").hasSizeLessThan(10_100));
        assertThat(out).contains(",3\n", ",4\n");

        Api.Reply ragged = api.putCsv("/v2/tasks?category=greetings&action=import", "name\nalice\n" + ",".repeat(3_000) + "\n");
        assertThat(ragged.status()).as("Kazoo's rule: a row longer than the header rejects the upload").isEqualTo(400);
        assertThat(ragged.body()).contains("line 3 has 3001 cells, the header 1");
    }

    @Test
    void aWriteConflictEndsTheRunButTheEngineResumesItAndEveryRowIsWrittenOnce() throws Exception {
        String names = IntStream.range(0, 60).mapToObj(i -> i == 35 ? "Conflict" : TestPlugins.greetName(i))
                .collect(Collectors.joining("\n", "name\n", "\n"));
        String id = api.createAndStart("category=greetings&action=import", names);
        JsonNode done = api.awaitEnd(id, Duration.ofSeconds(60));
        assertThat(done.path("status").asString()).as(done.toString()).isEqualTo("success");
        assertThat(done.path("success_count").asLong()).isEqualTo(60);
        JsonNode written = api.get("/v2/greetings-written/" + id).json();
        assertThat(written.path("written").asLong()).as("rows written, none twice").isEqualTo(60);
        assertThat(api.get("/v2/audit?target_id=" + id).body()).as("resumed by the engine").contains("\"resume\"", "was internal_error");
    }

    @Test
    void eachMoveIsAllowedFromItsStatusesOnlyAndRefusedWithOneMessage() throws Exception {
        String id = api.putCsv("/v2/tasks?category=greetings&action=import", TestPlugins.greetInput(200, 0)).task().path("id").asString();
        String path = "/v2/tasks/" + id;

        assertRefused(api.patch(path + "/stop"), "cannot stop a task that is pending: it was not started", "pending", "pending",
                "executing");
        startExecuting(path);
        assertRefused(api.patch(path), "cannot restart a task that is executing", "executing", "stopped", "internal_error");
        assertRefused(api.delete(path), "cannot delete a task that is executing", "executing",
                "pending", "success", "partial", "failure", "stopped", "internal_error");

        Engines.await(Duration.ofSeconds(30), "a chunk committed", () -> api.get(path).task().path("success_count").asInt() > 0);
        JsonNode stopped = api.patch(path + "/stop").task();
        assertThat(stopped.path("status").asString()).isEqualTo("stopped");
        assertThat(stopped.path("success_count").asInt() % 10).as("stopped at a chunk boundary").isZero();

        startExecuting(path);
        JsonNode done = api.awaitEnd(id, Duration.ofSeconds(60));
        assertThat(done.path("status").asString()).isEqualTo("success");
        assertThat(done.path("success_count").asInt()).isEqualTo(200);
        assertRefused(api.patch(path), "cannot restart a task that is success", "success", "stopped", "internal_error");

        JsonNode runs = api.get(path + "/runs").data();
        assertThat(runs.path("runs").size()).as("the stopped run and the restart").isEqualTo(2);
        assertThat(runs.path("runs").get(0).path("status").asString()).isEqualTo("completed");
        assertThat(runs.path("runs").get(1).path("status").asString()).isEqualTo("stopped");
        long written = 0;
        for (JsonNode run : runs.path("runs")) {
            written += run.path("steps").get(0).path("write_count").asLong();
        }
        assertThat(written).as("each row written once over both runs").isEqualTo(200);
        assertThat(runs.path("allowed").toString()).isEqualTo("[\"delete\"]");
        String listed = "/v2/accounts/" + done.path("account_id").asString() + "/tasks";
        assertThat(api.get(listed + "?status=success&category=greetings").data().toString()).contains(id);
        assertThat(api.get(listed + "?status=stopped").data().toString()).doesNotContain(id);
        assertThat(api.get(listed + "?status=bogus").status()).isEqualTo(400);

        assertThat(api.delete(path).status()).isEqualTo(200);
        assertThat(api.get(path).status()).isEqualTo(404);

        JsonNode audit = api.get("/v2/audit?target_id=" + id).data();
        assertThat(audit.valueStream().map(e -> e.path("action").asString()).toList())
                .as("every accepted move, none of the refused").containsExactly("create", "start", "stop", "restart", "delete");
        assertThat(audit.valueStream().map(e -> e.path("actor_account_id").asString()).distinct().toList()).containsExactly(master);
        assertThat(audit.get(0).path("detail").asString()).isEqualTo("greetings/import");
        Api.Reply paged = api.get("/v2/audit?target_id=" + id + "&page_size=2");
        assertThat(paged.data().size()).isEqualTo(2);
        assertThat(api.get("/v2/audit?target_id=" + id + "&start_key=" + paged.json().path("next_start_key").asString())
                .data().get(0).path("action").asString()).isEqualTo("stop");
        Api other = api.loginAs(api.createAccount(master, Map.of("name", "auditor")));
        assertThat(other.get("/v2/audit").status()).as("super admins only").isEqualTo(403);
    }

    /** The console's stream: a task created and run shows in {@code tasks} events, with its progress and end. */
    @Test
    void taskEventsStreamAnAccountsTasksAsTheyChange() throws Exception {
        HttpRequest subscribe = HttpRequest.newBuilder(URI.create(api.base() + "/v2/accounts/" + master + "/task_events"))
                .header("X-Auth-Token", api.token()).header("Accept", "text/event-stream").build();
        HttpResponse<java.io.InputStream> stream = HttpClient.newHttpClient().send(subscribe, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(stream.statusCode()).isEqualTo(200);
        assertThat(stream.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        String id = api.putCsv("/v2/tasks?category=greetings&action=import", "name\nann\nbob\n").task().path("id").asString();
        api.patch("/v2/tasks/" + id);
        StringBuilder seen = new StringBuilder();
        CompletableFuture<Boolean> ended = CompletableFuture.supplyAsync(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    seen.append(line).append('\n');
                    if (line.startsWith("data:") && line.contains(id) && line.contains("\"status\":\"success\"")) {
                        return true;
                    }
                }
                return false;
            } catch (IOException e) {
                return false;
            }
        });
        assertThat(ended.get(30, TimeUnit.SECONDS)).as(seen.toString()).isTrue();
        assertThat(seen.toString()).contains("event:tasks");
        assertThat(api.as(null).get("/v2/accounts/" + master + "/task_events").status()).isEqualTo(401);
    }

    /** After a task of a plugin ran: Spring Batch's and the tasks' meters in Prometheus' text, for super admins only. */
    @Test
    void aTaskRunShowsInPrometheusAndHealthShowsItsParts() throws Exception {
        String id = api.putCsv("/v2/tasks?category=greetings&action=import", "name\nann\nbob\n7x\n").task().path("id").asString();
        api.patch("/v2/tasks/" + id);
        assertThat(api.awaitEnd(id, Duration.ofSeconds(60)).path("status").asString()).isEqualTo("partial");

        Api.Reply scrape = api.get("/actuator/prometheus");
        assertThat(scrape.status()).isEqualTo(200);
        String metrics = scrape.body();
        assertThat(metrics).contains("spring_batch_job_seconds_count{").contains("greetings.import")
                .contains("spring_batch_step_seconds_count{").contains("spring_batch_chunk_write_seconds_count{")
                .as("no meter per item (JobObservations)").doesNotContain("spring_batch_item_");
        assertThat(metrics).containsPattern("batchworks_tasks_creations_total\\{action=\"import\",category=\"greetings\"[^}]*} [1-9]");
        assertThat(metrics).containsPattern(
                "batchworks_tasks_finished_total\\{action=\"import\",category=\"greetings\",[^}]*status=\"partial\"[^}]*} [1-9]");
        assertThat(metrics).containsPattern("batchworks_tasks_duration_seconds_count\\{action=\"import\",category=\"greetings\"");
        assertThat(metrics).containsPattern(
                "batchworks_tasks_rows_total\\{action=\"import\",category=\"greetings\",[^}]*outcome=\"failed\"[^}]*} [1-9]");

        assertThat(api.as(null).get("/actuator/prometheus").status()).isEqualTo(401);
        Api customer = api.loginAs(api.createAccount(master, Map.of("name", "not an operator")));
        assertThat(customer.get("/actuator/prometheus").status()).isEqualTo(403);
        JsonNode anonymous = api.as(null).get("/actuator/health").json();
        assertThat(anonymous.path("status").asString()).isEqualTo("UP");
        assertThat(anonymous.has("components")).as("parts for super admins only").isFalse();
        JsonNode health = api.get("/actuator/health").json();
        assertThat(health.path("components").path("db").path("status").asString()).isEqualTo("UP");
        assertThat(health.path("components").path("plugins").path("details").path("loaded").asInt()).isEqualTo(1);
        assertThat(api.as(null).get("/actuator/health/liveness").status()).isEqualTo(200);
        assertThat(api.as(null).get("/actuator/health/readiness").status()).isEqualTo(200);
    }

    /**
     * Bodies over their cap get a 413 naming the setting, whether their length is declared or they are streamed
     * (chunked), and the refused upload leaves no task; a deeply nested JSON body is a 400. The engine serves on.
     */
    @Test
    void bodiesOverTheirCapAreRefusedAndLeaveNothing() {
        String tasks = "/v2/accounts/" + master + "/tasks";
        int before = api.get(tasks + "?page_size=1000").data().size();
        byte[] overMegabyte = ("name\n" + "someone\n".repeat(140_000)).getBytes(StandardCharsets.UTF_8);

        Api.Reply declared = api.put("/v2/tasks?category=greetings&action=import", "text/csv",
                HttpRequest.BodyPublishers.ofByteArray(overMegabyte));
        assertThat(declared.status()).as(declared.body()).isEqualTo(413);
        assertThat(declared.json().path("data").path("setting").asString()).isEqualTo("batchworks.max-upload-size");

        Api.Reply streamed = api.put("/v2/tasks?category=greetings&action=import", "text/csv",
                HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(overMegabyte)));
        assertThat(streamed.status()).as(streamed.body()).isEqualTo(413);
        assertThat(api.get(tasks + "?page_size=1000").data().size()).as("no task left behind").isEqualTo(before);

        String bigJson = "{\"data\":{\"records\":[" + "{\"name\":\"someone\"},".repeat(5000) + "{\"name\":\"x\"}]}}";
        Api.Reply json = api.put("/v2/tasks?category=greetings&action=import", "application/json",
                HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bigJson.getBytes(StandardCharsets.UTF_8))));
        assertThat(json.status()).as(json.body()).isEqualTo(413);
        assertThat(json.json().path("data").path("setting").asString()).isEqualTo("batchworks.max-json-size");

        String deep = "{\"data\":" + "[".repeat(5000) + "]".repeat(5000) + "}";
        Api.Reply nested = api.put("/v2/tasks?category=greetings&action=import", "application/json", HttpRequest.BodyPublishers.ofString(deep));
        assertThat(nested.status()).as(nested.body()).isEqualTo(400);

        assertThat(api.putCsv("/v2/tasks?category=greetings&action=import", "name\n" + "someone\n".repeat(1000))
                .task().path("total_count").asInt()).as("a body under the cap").isEqualTo(1000);
    }

    /**
     * A task's change and its audit record commit together: with the audit log's table gone for a moment (renamed), a
     * task is neither created, stopped nor deleted, and once the table is back the delete goes through and is recorded.
     */
    @Test
    void aChangeToATaskIsNotKeptWithoutItsAuditRecord() throws Exception {
        String tasks = "/v2/accounts/" + master + "/tasks";
        JdbcTemplate jdbc = engine.bean(JdbcTemplate.class);
        int before = api.get(tasks + "?page_size=1000").data().size();
        String kept = api.putCsv("/v2/tasks?category=greetings&action=import", "name\nalice\n").task().path("id").asString();
        String running = api.createAndStart("category=greetings&action=import", TestPlugins.greetInput(1_000, 0));
        Engines.await(Duration.ofSeconds(30), "a chunk committed", () -> api.get("/v2/tasks/" + running).task().path("success_count").asInt() > 0);

        jdbc.execute("ALTER TABLE bw_audit RENAME TO bw_audit_away");
        Api.Reply created;
        Api.Reply deleted;
        Api.Reply stopped;
        try {
            stopped = api.patch("/v2/tasks/" + running + "/stop");
            created = api.putCsv("/v2/tasks?category=greetings&action=import", "name\nbob\n");
            deleted = api.delete("/v2/tasks/" + kept);
        } finally {
            jdbc.execute("ALTER TABLE bw_audit_away RENAME TO bw_audit");
        }
        assertThat(stopped.status()).as(stopped.body()).isEqualTo(500);
        assertThat(created.status()).as(created.body()).isEqualTo(500);
        assertThat(deleted.status()).as(deleted.body()).isEqualTo(500);
        assertThat(api.get(tasks + "?page_size=1000").data().size()).as("only the tasks created before").isEqualTo(before + 2);
        assertThat(api.get("/v2/tasks/" + kept).status()).isEqualTo(200);
        JsonNode ran = api.awaitEnd(running, Duration.ofSeconds(60));
        assertThat(ran.path("status").asString()).as("the refused stop did not stop it").isEqualTo("success");
        assertThat(ran.path("success_count").asLong()).isEqualTo(1_000);

        assertThat(api.delete("/v2/tasks/" + kept).status()).isEqualTo(200);
        assertThat(api.get("/v2/audit?target_id=" + kept).data().valueStream().map(e -> e.path("action").asString()).toList())
                .containsExactly("create", "delete");
    }

    /** Every route mapped, the engine's and the greet plugin's, is in the API document; Swagger UI shows it. */
    @Test
    void theApiDocumentListsEveryMappedRoute() {
        assertThat(ApiDocs.mapped(engine)).hasSizeGreaterThan(20).anyMatch(r -> r.startsWith("get /v2/greetings/"));
        assertThat(ApiDocs.undocumented(engine)).isEmpty();
        assertThat(api.as(null).get("/swagger-ui/index.html").status()).isEqualTo(200);
    }

    /** Starts the task and waits until it runs: a start finds it queued while an earlier run still gives its slots back. */
    private void startExecuting(String path) throws InterruptedException {
        assertThat(api.patch(path).task().path("status").asString()).isIn("executing", "pending");
        Engines.await(Duration.ofSeconds(10), "the task executing", () -> api.get(path).task().path("status").asString().equals("executing"));
    }

    /** A 409 naming the task's status and the statuses the move is allowed from. */
    private static void assertRefused(Api.Reply reply, String message, String status, String... allowedFrom) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(409);
        assertThat(reply.json().path("message").asString()).isEqualTo(message);
        assertThat(reply.data().path("status").asString()).isEqualTo(status);
        assertThat(Api.strings(reply.data().path("allowed_from"))).containsExactlyInAnyOrder(allowedFrom);
    }
}
