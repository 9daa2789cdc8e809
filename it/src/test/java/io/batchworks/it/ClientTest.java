package io.batchworks.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.batchworks.client.Bw;
import io.batchworks.testapi.Api;
import io.batchworks.engine.support.EngineScenarios;
import io.batchworks.engine.support.Engines;
import io.batchworks.engine.support.OnBothDatabases;
import io.batchworks.plugins.rates.RatesPlugin;
import io.batchworks.testkit.PluginTestKit;

import org.junit.jupiter.api.Test;

/**
 * {@code bw}, the command-line client, driving a running engine with the rates plugin, as a script would (plain
 * progress lines): a big import followed to its end, a stop and a restart, a download, a wrong token, a login, task
 * schedules, webhooks, rates of numbers.
 */
@OnBothDatabases
class ClientTest extends EngineScenarios {

    @Override
    protected void prepare(Path work) throws Exception {
        PluginTestKit.pack(RatesPlugin.class, work.resolve("plugins"));
    }

    /** Deletes pause after each row, so a running delete can be caught and stopped. */
    @Override
    protected String[] engineArgs() {
        return new String[] {"--rates.delete.wait-after-row-ms=3", "--rates.delete.chunk-size=50"};
    }

    @Test
    void aBigImportFollowedToItsEndExitsThreeForPartialWithTheRightCountsAndItsFailuresDownload() throws Exception {
        Path deck = work.resolve("big.csv");
        try (OutputStream file = Files.newOutputStream(deck)) {
            assertThat(Bw.run(new String[] {"sample", "ratedeck", "200000", "--bad-every", "100"}, file,
                    new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()))).isZero();
        }
        Result run = bw("run", "rates", "import", deck.toString(), "--param", "ratedeck_id=big", "--wait");
        assertThat(run.status()).as(run.err()).isEqualTo(3);
        assertThat(run.out()).doesNotContain("\r").contains("uploading big.csv", "executing");
        String summary = run.out().lines().filter(l -> l.contains("rates/import")).reduce((a, b) -> b).orElseThrow();
        assertThat(summary).contains("partial", "198,000 written, 2,000 failed of 200,000");
        String id = summary.split(" ")[0];
        assertThat(run.out()).contains("bw download " + id);
        try (java.io.InputStream kept = Files.newInputStream(work.resolve("data/tasks/" + id + "/in.csv"))) {
            assertThat(new int[] {kept.read(), kept.read()}).as("bw sent it compressed, kept as it came").containsExactly(0x1f, 0x8b);
        }

        Path failures = work.resolve("failures.csv");
        assertThat(bw("download", id, "--out", failures.toString()).status()).isZero();
        List<String> lines = Files.readAllLines(failures);
        assertThat(lines).hasSize(2_001);
        assertThat(lines.get(0)).endsWith("error,line");

        Result json = bw("task", id, "--json");
        assertThat(json.status()).isZero();
        assertThat(Api.JSON.readTree(json.out()).path("success_count").asLong()).isEqualTo(198_000);
    }

    @Test
    void aTaskIsStoppedRestartedAndDeletedThroughBw() throws Exception {
        Instant since = Instant.now().minusSeconds(1);
        StringBuilder prefixes = new StringBuilder("prefix\n");
        for (int i = 0; i < 2_000; i++) {
            prefixes.append(700_000 + i).append('\n');
        }
        Path delete = Files.writeString(work.resolve("delete.csv"), prefixes);
        Result started = bw("run", "rates", "delete", delete.toString(), "--param", "ratedeck_id=gone");
        assertThat(started.status()).as(started.err()).isZero();
        String id = started.out().lines().filter(l -> l.startsWith("started ")).findFirst().orElseThrow().split(" ")[1];
        Engines.await(Duration.ofSeconds(30), "a chunk committed",
                () -> api.get("/v2/tasks/" + id).task().path("success_count").asLong() >= 100);

        Result stopped = bw("stop", id);
        assertThat(stopped.status()).as(stopped.err()).isZero();
        assertThat(stopped.out()).contains(id, "stopped");

        Result restarted = bw("restart", id, "--wait");
        assertThat(restarted.status()).as(restarted.err()).isZero();
        assertThat(restarted.out()).contains("success", "2,000 written, 0 failed of 2,000");
        assertThat(bw("tasks", "--status", "success", "--category", "rates").out()).contains(id);
        Result none = bw("stop", "--all", "--status", "executing", "--action", "delete", "--created-after", since.toString());
        assertThat(none.out()).as(none.err()).contains("0 stopped, 0 refused");
        Result deleted = bw("delete", "--all", "--category", "rates", "--action", "delete", "--created-after", since.toString());
        assertThat(deleted.status()).as(deleted.err()).isZero();
        assertThat(deleted.out()).contains("deleted " + id + " (success)", "1 deleted, 0 refused");
        Result gone = bw("task", id);
        assertThat(gone.status()).isEqualTo(1);
        assertThat(gone.err()).contains("bad identifier", "(HTTP 404)");
    }

    @Test
    void aWrongTokenExitsOneWithTheApisMessage() {
        Map<String, String> env = new HashMap<>(env());
        env.put("BW_TOKEN", "not-a-token");
        Result refused = bw(env, "tasks");
        assertThat(refused.status()).isEqualTo(1);
        assertThat(refused.err()).contains("invalid credentials", "(HTTP 401)");
        assertThat(refused.out()).isEmpty();
    }

    @Test
    void loginKeepsTheTokenInAFileOnlyItsOwnerReadsAndHelpNeedsNone() throws Exception {
        Path config = work.resolve("config/bw.properties");
        Map<String, String> env = Map.of("BW_CONFIG", config.toString());
        Result login = bw(env, "login", api.base(), "--token", api.token());
        assertThat(login.status()).as(login.err()).isZero();
        assertThat(login.out()).contains("logged in to " + api.base(), master);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(config))).isEqualTo("rw-------");
        assertThat(bw(env, "plugins").out()).contains("rates", "loaded", "rates/import");
        Result help = bw(Map.of("BW_URL", api.base(), "BW_CONFIG", work.resolve("none").toString()), "help", "rates", "import");
        assertThat(help.status()).as(help.err()).isZero();
        assertThat(help.out()).contains("rates import: Bulk-import rates", "mandatory: prefix, rate_cost");
        Result unknown = bw(env, "help", "rates", "explode");
        assertThat(unknown.status()).isEqualTo(1);
        assertThat(unknown.err()).contains("bad identifier");
    }

    @Test
    void anUploadWhoseReplyIsLostIsSentAgainAndMakesOneTask() throws Exception {
        Path deck = Files.writeString(work.resolve("lost.csv"), "prefix,rate_cost\n4930,0.1\n4931,0.2\n");
        int before = imports();
        try (LostReplies network = new LostReplies(URI.create(api.base()).getPort(), 1)) {
            Map<String, String> env = new HashMap<>(env());
            env.put("BW_URL", "http://127.0.0.1:" + network.port());
            Result run = bw(env, "run", "rates", "import", deck.toString(), "--param", "ratedeck_id=lost-" + kind, "--wait");
            assertThat(run.status()).as(run.out() + run.err()).isZero();
            assertThat(network.lost()).isEqualTo(1);
            assertThat(run.out()).contains("upload cut off", "sending it again");
        }
        assertThat(imports() - before).as("tasks made by the run").isEqualTo(1);
    }

    @Test
    void aTaskRunAfterAnotherWaitsAndStartsByItself() throws Exception {
        String first = api.put("/v2/tasks?category=rates&action=export").task().path("id").asString();
        Result run = bw("run", "rates", "export", "--after", first);
        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out()).contains("pending", "waiting for " + first);
        String id = run.out().lines().filter(l -> l.startsWith("follow it with: bw task ")).findFirst().orElseThrow()
                .replace("follow it with: bw task ", "");
        api.patch("/v2/tasks/" + first);
        assertThat(api.awaitEnd(id, Duration.ofSeconds(60)).path("status").asString()).isEqualTo("success");
    }

    @Test
    void schedulesAreAddedListedPausedResumedAndDeletedThroughBw() throws Exception {
        Path deck = work.resolve("scheduled-deck.csv");
        Files.writeString(deck, "prefix,rate_cost\n1415,0.2\n");
        Result added = bw("schedule", "add", "rates", "import", "--every", "2s", "--param", "ratedeck_id=scheduled", "--name", "often",
                "--input", deck.toString());
        assertThat(added.status()).as(added.err()).isZero();
        assertThat(added.out()).contains("added ", "often", "rates/import", "every PT2S", "enabled");
        String id = added.out().substring("added ".length(), added.out().indexOf(' ', "added ".length()));
        Engines.await(Duration.ofSeconds(30), "a task of the schedule", () -> bw("schedule", "list").out().contains(" last "));
        assertThat(bw("schedule", "pause", id).out()).contains("paused " + id, "paused");
        String task = bw("schedule", "list").out().lines().filter(l -> l.startsWith(id)).findFirst().orElseThrow()
                .replaceAll(".*  last (\\S+) .*", "$1");
        assertThat(api.awaitEnd(task, Duration.ofSeconds(60)).path("status").asString()).isEqualTo("success");
        assertThat(bw("schedule", "resume", id).out()).contains("resumed " + id, "next ");
        Result refused = bw("schedule", "add", "rates", "import", "--cron", "0 3 * * 1", "--param", "ratedeck_id=x");
        assertThat(refused.status()).isEqualTo(Bw.FAILED);
        assertThat(refused.err()).contains("cron");
        assertThat(bw("schedule", "add", "rates", "export", "--every", "1h").status()).as("--every or --cron, not both")
                .isZero();
        assertThat(bw("schedule", "add", "rates", "export", "--every", "1h", "--cron", "0 3 * * *").status()).isEqualTo(Bw.USAGE);
        Api plain = api.loginAs(api.createAccount(master, Map.of("name", "plain")));
        Api.Reply notHis = plain.putJson("/v2/accounts/" + plain.get("/v2/token_auth").data().path("account_id").asString()
                + "/task_schedules", Map.of("data", Map.of("category", "rates", "action", "export", "every", "1h")));
        assertThat(notHis.status()).as("rates tasks are for resellers: so are their schedules").isEqualTo(403);
        assertThat(api.get("/v2/schedules").data().path("task_schedules").toString()).as("beside the periodic work").contains(id);
        assertThat(bw("schedule", "delete", id).out()).contains("deleted schedule " + id);
        assertThat(bw("schedule", "list").out()).doesNotContain(id);
    }

    @Test
    void webhooksAreAddedListedAndDeletedThroughBw() {
        Result added = bw("webhooks", "add", "failures", "http://192.0.2.10/hook", "--data", "status=failure", "--retries", "1");
        assertThat(added.status()).as(added.err()).isZero();
        assertThat(added.out()).contains("failures  task → post http://192.0.2.10/hook  enabled", "secret (signs each delivery): ");
        String id = added.out().substring("added ".length(), added.out().indexOf(' ', "added ".length()));
        assertThat(bw("webhooks").out()).contains(id, "failures");
        Result loopback = bw("webhooks", "add", "local", "http://127.0.0.1:9/hook");
        assertThat(loopback.status()).isEqualTo(Bw.FAILED);
        assertThat(loopback.err()).contains("loopback");
        assertThat(bw("webhooks", "attempts", id).status()).isZero();
        assertThat(bw("webhooks", "delete", id).out()).contains("deleted webhook " + id);
        assertThat(bw("webhooks").out()).doesNotContain(id);
    }

    @Test
    void numbersAreRatedThroughBwOneByOneOrFromAFile() throws Exception {
        String deck = "prefix,rate_cost,rate_minimum\n1,0.1,60\n1415,0.05,60\n";
        assertThat(api.run("category=rates&action=import&ratedeck_id=bwrate", deck, Duration.ofSeconds(60))
                .path("status").asString()).isEqualTo("success");
        Result some = bw("rate", "+14155550100", "12125550100", "--ratedeck", "bwrate");
        assertThat(some.status()).as(some.err()).isZero();
        assertThat(some.out().lines().toList()).hasSize(2);
        assertThat(some.out()).contains("+14155550100  prefix 1415  0.05/min  surcharge 0  base cost 0.05  rate ", "12125550100  prefix 1  0.1/min");
        Result none = bw("rate", "999", "--ratedeck", "bwrate");
        assertThat(none.status()).isEqualTo(1);
        assertThat(none.out()).contains("999  No rate found for this number");

        Path numbers = work.resolve("numbers.csv");
        StringBuilder file = new StringBuilder("number\n");
        for (int i = 0; i < 25; i++) {
            file.append(i % 2 == 0 ? "1415555" : "1212555").append(String.format("%04d", i)).append('\n');
        }
        Files.writeString(numbers, file.append("x1\n"));
        Result csv = bw("rate", "--file", numbers.toString(), "--ratedeck", "bwrate", "--batch", "10");
        assertThat(csv.status()).as(csv.err()).isEqualTo(1);
        List<String> lines = csv.out().lines().toList();
        assertThat(lines).hasSize(27);
        assertThat(lines.get(0)).startsWith("number,e164_number,prefix,rate");
        assertThat(lines.get(1)).startsWith("14155550000,+14155550000,1415,0.05,");
        assertThat(lines.get(2)).startsWith("12125550001,+12125550001,1,0.1,");
        assertThat(lines.get(26)).isEqualTo("x1,,,,,,,,,,Number is un-rateable");
    }

    private int imports() {
        return api.get("/v2/accounts/" + master + "/tasks?category=rates&action=import&page_size=1000").data().size();
    }

    private record Result(int status, String out, String err) {
    }

    private Map<String, String> env() {
        return Map.of("BW_URL", api.base(), "BW_TOKEN", api.token(), "BW_CONFIG", work.resolve("unused").toString());
    }

    private Result bw(String... args) {
        return bw(env(), args);
    }

    private static Result bw(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Bw.run(args, env, new ByteArrayOutputStream(), new PrintWriter(out), new PrintWriter(err), false);
        return new Result(status, out.toString(), err.toString());
    }
}
