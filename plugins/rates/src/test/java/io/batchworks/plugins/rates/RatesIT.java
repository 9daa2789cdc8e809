package io.batchworks.plugins.rates;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.batchworks.engine.support.EngineScenarios;
import io.batchworks.engine.support.Fixtures;
import io.batchworks.engine.support.OnBothDatabases;
import io.batchworks.testapi.Api;
import io.batchworks.testkit.PluginTestKit;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

/**
 * The rates plugin's tasks end to end through the Kazoo tasks API, against a real engine on each database: imports
 * with their bad rows, exports, deletes, stops and restarts, JSON records, the task list. {@link RateLookupIT} has the
 * lookups and who may call what.
 */
@OnBothDatabases
class RatesIT extends EngineScenarios {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    @Override
    protected void prepare(Path work) throws Exception {
        PluginTestKit.pack(RatesPlugin.class, work.resolve("plugins"));
    }

    /** Deletes pause after each row so a running delete can be caught and stopped. */
    @Override
    protected String[] engineArgs() {
        // imports split by rate over two local threads: a later row still wins, counts and out.csv as unsplit
        return new String[] {"--rates.delete.wait-after-row-ms=3", "--rates.delete.chunk-size=50", "--batchworks.partition.threads=2"};
    }

    @Test
    void helpNeedsNoTokenAndNamesTheFields() {
        Api anonymous = api.as(null);
        Api.Reply help = anonymous.get("/v2/tasks?category=rates&action=import");
        assertThat(help.status()).isEqualTo(200);
        JsonNode importHelp = help.data().path("tasks").path("rates").path("import");
        assertThat(importHelp.path("description").asString()).isEqualTo("Bulk-import rates to a specified ratedeck");
        assertThat(importHelp.path("doc").asString()).isEqualTo("Creates rates from file");
        assertThat(importHelp.path("expected_content").asString()).isEqualTo("text/csv");
        assertThat(Api.strings(importHelp.path("mandatory"))).containsExactly("prefix", "rate_cost");
        assertThat(Api.strings(importHelp.path("optional"))).containsExactly("account_id", "caller_id_numbers", "carrier",
                "description", "direction", "internal_rate_cost", "iso_country_code", "options", "rate_increment",
                "rate_minimum", "rate_name", "rate_nocharge_time", "rate_suffix", "rate_surcharge", "rate_version",
                "ratedeck_id", "routes", "weight");

        assertThat(anonymous.get("/v2/tasks/").data().path("tasks").path("rates").propertyNames())
                .containsExactlyInAnyOrder("import", "export", "delete");
        Api.Reply unknown = anonymous.get("/v2/tasks?category=rates&action=explode");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().path("message").asString()).isEqualTo("bad identifier");
        assertThat(unknown.json().path("error").asString()).isEqualTo("404");
        assertThat(unknown.json().path("status").asString()).isEqualTo("error");
    }

    @Test
    void importReportsEachBadRowAndReimportUpdates() throws Exception {
        Path deck = Fixtures.ratedeck(work, "main.csv", 10_000, "--bad-every", "100");
        JsonNode done = run(api.putCsv("/v2/tasks?category=rates&action=import&ratedeck_id=main", deck));
        assertThat(done.path("status").asString()).isEqualTo("partial");
        assertThat(done.path("total_count").asLong()).isEqualTo(10_000);
        assertThat(done.path("success_count").asLong()).isEqualTo(9_900);
        assertThat(done.path("failure_count").asLong()).isEqualTo(100);

        List<List<String>> failed = ImportChecks.csv(api.getCsv("/v2/tasks/" + done.path("id").asString()).body());
        List<String> header = failed.get(0);
        assertThat(header).endsWith("error", "line");
        assertThat(failed).hasSize(101);
        Set<String> lines = new HashSet<>();
        for (List<String> row : failed.subList(1, failed.size())) {
            String error = row.get(header.indexOf("error"));
            assertThat(error).matches("(bad field\\(s\\)|missing mandatory value\\(s\\)) (prefix|rate_cost|direction)");
            lines.add(row.get(header.indexOf("line")));
        }
        // every 100th data row is bad; the header is line 1, so data row n is line n + 1
        Set<String> expected = new HashSet<>();
        for (int n = 100; n <= 10_000; n += 100) {
            expected.add(Integer.toString(n + 1));
        }
        assertThat(lines).isEqualTo(expected);

        JsonNode again = run(api.putCsv("/v2/tasks?category=rates&action=import&ratedeck_id=main", deck));
        assertThat(again.path("success_count").asLong()).isEqualTo(9_900);
        List<List<String>> exported = export("main");
        assertThat(exported).hasSize(9_901);

        List<String> first = exported.get(1);
        int prefix = exported.get(0).indexOf("prefix");
        int iso = exported.get(0).indexOf("iso_country_code");
        int cost = exported.get(0).indexOf("rate_cost");
        JsonNode update = run(api.putCsv("/v2/tasks?category=rates&action=import&ratedeck_id=main",
                "prefix,iso_country_code,rate_cost\n" + first.get(prefix) + "," + first.get(iso) + ",0.4242\n"));
        assertThat(update.path("status").asString()).isEqualTo("success");
        List<List<String>> after = export("main");
        assertThat(after).hasSize(9_901);
        assertThat(after.stream().filter(r -> r.get(prefix).equals(first.get(prefix))).map(r -> r.get(cost)))
                .containsExactly("0.4242");
    }

    @Test
    void exportThenDeleteExactlyTheGivenPrefixes() throws Exception {
        Path deck = Fixtures.ratedeck(work, "del.csv", 10_000, "--bad-every", "100", "--seed", "7");
        assertThat(run(api.putCsv("/v2/tasks?category=rates&action=import&ratedeck_id=del", deck))
                .path("success_count").asLong()).isEqualTo(9_900);
        List<List<String>> exported = export("del");
        assertThat(exported).hasSize(9_901);
        int prefix = exported.get(0).indexOf("prefix");

        Set<String> doomed = new HashSet<>();
        StringBuilder delete = new StringBuilder("prefix\n");
        for (int i = 1; doomed.size() < 1_000; i += 9) {
            String p = exported.get(i).get(prefix);
            doomed.add(p);
            delete.append(p).append('\n');
        }
        JsonNode deleted = run(api.putCsv("/v2/tasks?category=rates&action=delete&ratedeck_id=del", delete.toString()));
        assertThat(deleted.path("status").asString()).isEqualTo("success");
        assertThat(deleted.path("success_count").asLong()).isEqualTo(1_000);

        List<List<String>> remaining = export("del");
        assertThat(remaining).hasSize(8_901);
        assertThat(remaining.stream().skip(1).map(r -> r.get(prefix)).filter(doomed::contains)).isEmpty();
    }

    @Test
    void badRequestsCreateNoTask() {
        int before = taskCount();
        Api.Reply missing = api.putCsv("/v2/tasks?category=rates&action=import", "prefix,rate_name\n1,x\n");
        assertThat(missing.status()).isEqualTo(400);
        assertThat(Api.strings(missing.data().path("missing_mandatory_fields"))).containsExactly("rate_cost");
        Api.Reply ragged = api.putCsv("/v2/tasks?category=rates&action=import", "prefix,rate_cost\n1,0.1\n2,0.2,extra\n");
        assertThat(ragged.status()).isEqualTo(400);
        assertThat(ragged.data().path("csv").path("format").path("message").asString()).contains("line 3");
        Api.Reply empty = api.putCsv("/v2/tasks?category=rates&action=import", "");
        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.data().has("expected_content")).isTrue();
        assertThat(api.putCsv("/v2/tasks?category=rates", "prefix,rate_cost\n").status()).isEqualTo(400);
        assertThat(taskCount()).isEqualTo(before);
    }

    private int taskCount() {
        return api.get("/v2/accounts/" + master + "/tasks?page_size=1000").data().size();
    }

    @Test
    void jsonRecordsAreATaskInputToo() throws IOException {
        Api.Reply put = api.putJson("/v2/tasks?category=rates&action=import&ratedeck_id=json", Map.of("data", Map.of(
                "file_name", "never-a-file.csv",
                "records", List.of(
                        Map.of("prefix", "33", "rate_cost", "0.02", "iso_country_code", "FR", "direction", "outbound"),
                        Map.of("prefix", "331", "rate_cost", "0.03", "caller_id_numbers", "441:442")))));
        assertThat(put.status()).isEqualTo(201);
        assertThat(put.task().path("total_count").asLong()).isEqualTo(2);
        assertThat(put.task().path("file_name").asString()).isEqualTo("never-a-file.csv");
        JsonNode done = run(put);
        assertThat(done.path("status").asString()).isEqualTo("success");
        List<List<String>> rows = export("json");
        List<String> header = rows.get(0);
        List<String> france = rows.get(1);
        assertThat(france.get(header.indexOf("rate_name"))).isEqualTo("outbound_FR_33");
        assertThat(france.get(header.indexOf("routes"))).isEqualTo("[\"^\\\\+?33.+$\"]");
        assertThat(france.get(header.indexOf("weight"))).isEqualTo("18");
        List<String> second = rows.get(2);
        assertThat(second.get(header.indexOf("rate_name"))).isEqualTo("inbound_outbound_331");
        assertThat(second.get(header.indexOf("caller_id_numbers"))).isEqualTo("[\"^\\\\+?441.+$\",\"^\\\\+?442.+$\"]");
    }

    @Test
    void anExportReadsTheSameOnEveryDatabase() throws Exception {
        run(api.putCsv("/v2/tasks?category=rates&action=import&ratedeck_id=fmt",
                "prefix,rate_cost,iso_country_code,rate_suffix,description,internal_rate_cost,rate_surcharge,direction,rate_name\n"
                        + "4421,10,GB,x,,,0.5,,\n"
                        + "4420,0.050000,GB,,\"Rate, with \"\"quotes\"\"\",0.0100,0,inbound,London\n"));
        JsonNode done = run(api.put("/v2/tasks?category=rates&action=export&ratedeck_id=fmt"));
        Path file = work.resolve("export-format.csv");
        assertThat(api.download("/v2/tasks/" + done.path("id").asString() + "?csv_name=out.csv", file)).isEqualTo(200);
        assertThat(Files.readString(file)).isEqualTo(String.join("\n",
                "ratedeck_id,prefix,iso_country_code,rate_suffix,account_id,rate_name,description,direction,rate_cost,"
                        + "internal_rate_cost,rate_surcharge,rate_increment,rate_minimum,rate_nocharge_time,rate_version,carrier,"
                        + "weight,routes,caller_id_numbers",
                "fmt,4420,GB,," + master + ",London,\"Rate, with \"\"quotes\"\"\",inbound,0.05,0.01,0,60,60,0,,,39,"
                        + "\"[\"\"^\\\\+?4420.+$\"\"]\",",
                "fmt,4421,GB,x," + master + ",inbound_outbound_GB_4421,,,10,,0.5,60,60,0,,,1,\"[\"\"^\\\\+?4421.+$\"\"]\",",
                ""));
    }

    @Test
    void aStoppedTaskRestartsFromItsLastChunk() throws Exception {
        StringBuilder delete = new StringBuilder("prefix\n");
        for (int i = 0; i < 2_000; i++) {
            delete.append(900_000 + i).append('\n');
        }
        String id = api.putCsv("/v2/tasks?category=rates&action=delete&ratedeck_id=stop", delete.toString()).task().path("id").asString();
        assertThat(api.patch("/v2/tasks/" + id).task().path("status").asString()).isEqualTo("executing");
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (api.get("/v2/tasks/" + id).task().path("success_count").asLong() < 100 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        JsonNode running = api.get("/v2/tasks/" + id).task();
        assertThat(running.path("rows_per_second").asLong()).isPositive();
        assertThat(running.has("eta_seconds")).isTrue();
        JsonNode stopped = api.patch("/v2/tasks/" + id + "/stop").task();
        assertThat(stopped.path("status").asString()).isEqualTo("stopped");
        long atStop = stopped.path("success_count").asLong();
        assertThat(atStop).isBetween(100L, 1_999L);
        assertThat(atStop % 50).as("stops at a chunk boundary").isZero();

        assertThat(api.patch("/v2/tasks/" + id).task().path("status").asString()).isEqualTo("executing");
        JsonNode done = api.awaitEnd(id, TIMEOUT);
        assertThat(done.path("status").asString()).isEqualTo("success");
        assertThat(done.path("success_count").asLong()).isEqualTo(2_000);
        assertThat(done.path("failure_count").asLong()).isZero();
        assertThat(api.patch("/v2/tasks/" + id).status()).isEqualTo(409);
    }

    @Test
    void tasksAreListedNewestFirstPageByPageAndCanBeDeleted() {
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            created.add(0, api.put("/v2/accounts/" + master + "/tasks/?category=rates&action=export&ratedeck_id=page").task()
                    .path("id").asString());
        }
        List<String> seen = new ArrayList<>();
        String next = null;
        do {
            Api.Reply page = api.get("/v2/accounts/" + master + "/tasks?page_size=2" + (next == null ? "" : "&start_key=" + next));
            assertThat(page.json().path("page_size").asInt()).isBetween(1, 2);
            page.data().forEach(t -> seen.add(t.path("id").asString()));
            next = page.json().has("next_start_key") ? page.json().path("next_start_key").asString() : null;
        } while (next != null);
        assertThat(seen).doesNotHaveDuplicates();
        assertThat(seen.subList(0, 3)).isEqualTo(created);

        String doomed = created.get(0);
        assertThat(api.delete("/v2/tasks/" + doomed).status()).isEqualTo(200);
        assertThat(api.get("/v2/tasks/" + doomed).status()).isEqualTo(404);
    }

    // --- helpers ---

    /** Starts the task {@code put} created and awaits its end, through this engine's API or another node's. */
    private JsonNode run(Api.Reply put) {
        return api.run(put, TIMEOUT);
    }

    private static JsonNode run(Api api, Api.Reply put) {
        return api.run(put, TIMEOUT);
    }

    private List<List<String>> export(String deck) throws IOException {
        JsonNode done = run(api.put("/v2/tasks?category=rates&action=export&ratedeck_id=" + deck));
        assertThat(done.path("status").asString()).isEqualTo("success");
        Path file = work.resolve("export-" + done.path("id").asString() + ".csv");
        assertThat(api.download("/v2/tasks/" + done.path("id").asString() + "?csv_name=out.csv", file)).isEqualTo(200);
        return ImportChecks.csv(Files.readString(file));
    }

}
