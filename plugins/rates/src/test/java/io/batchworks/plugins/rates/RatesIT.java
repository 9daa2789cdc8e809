package io.batchworks.plugins.rates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.sql.DataSource;

import io.batchworks.engine.EngineSettings;
import io.batchworks.engine.csv.Csv;
import io.batchworks.testapi.Api;
import io.batchworks.engine.support.EngineScenarios;
import io.batchworks.engine.support.Engines;
import io.batchworks.engine.support.Fixtures;
import io.batchworks.engine.support.OnBothDatabases;
import io.batchworks.engine.support.TestDatabase;
import io.batchworks.testkit.PluginTestKit;

import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import tools.jackson.databind.JsonNode;

/**
 * The rates plugin end to end through the Kazoo tasks API, against a real engine and database.
 * Each subclass runs the same scenarios on one database.
 */
@OnBothDatabases
class RatesIT extends EngineScenarios {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    /** The rates plugin's task types, in declaration order (it/'s DistPluginsTest checks every bundled plugin's). */
    private static final Map<String, List<String>> BUNDLED = Map.of("rates", List.of("rates/import", "rates/export", "rates/delete"));

    @Override
    protected void prepare(Path work) throws Exception {
        Path plugins = PluginTestKit.pack(RatesPlugin.class, work.resolve("plugins")).getParent();
        Files.writeString(plugins.resolve("broken.jar"), "not a jar at all");
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
        assertThat(strings(importHelp.path("mandatory"))).containsExactly("prefix", "rate_cost");
        assertThat(strings(importHelp.path("optional"))).containsExactly("account_id", "caller_id_numbers", "carrier",
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

        List<List<String>> failed = csv(api.getCsv("/v2/tasks/" + done.path("id").asString()).body());
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
    void rateLookupTakesTheLongestPrefixOfTheAccountsDeck() {
        String csv = """
                prefix,rate_cost,rate_name,rate_minimum,rate_surcharge,description
                1,0.1,US/Canada Default,60,0,default
                1415,0.05,San Francisco,60,0.5,sf
                14155,0.07,SF downtown,30,0,downtown
                """;
        assertThat(run(api.putCsv("/v2/tasks?category=rates&action=import&ratedeck_id=lookup", csv)).path("status").asString())
                .isEqualTo("success");
        JsonNode downtown = api.get("/v2/rates/number/+14155550000?ratedeck_id=lookup").data();
        assertThat(downtown.path("Prefix").asString()).isEqualTo("14155");
        assertThat(downtown.path("Rate-Name").asString()).isEqualTo("SF downtown");
        assertThat(downtown.path("Rate-Description").asString()).isEqualTo("downtown");
        assertThat(downtown.path("E164-Number").asString()).isEqualTo("+14155550000");
        assertThat(downtown.path("Rate").decimalValue()).isEqualByComparingTo("0.07");
        assertThat(downtown.path("Base-Cost").decimalValue()).isEqualByComparingTo("0.035");
        assertThat(api.get("/v2/rates/number/14150000000?ratedeck_id=lookup").data().path("Prefix").asString()).isEqualTo("1415");
        assertThat(api.get("/v2/rates/number/12125550000?ratedeck_id=lookup").data().path("Prefix").asString()).isEqualTo("1");

        Api.Reply unrateable = api.get("/v2/rates/number/abc?ratedeck_id=lookup");
        assertThat(unrateable.status()).isEqualTo(400);
        assertThat(unrateable.json().path("message").asString()).isEqualTo("Number is un-rateable");
        Api.Reply none = api.get("/v2/rates/number/999?ratedeck_id=lookup");
        assertThat(none.status()).isEqualTo(404);
        assertThat(none.json().path("message").asString()).isEqualTo("No rate found for this number");

        // the account form: the account's deck, else its reseller's
        String reseller = account(master, "lookup-reseller", true, "lookup");
        String customer = account(reseller, "lookup-customer", false, null);
        JsonNode viaReseller = api.get("/v2/accounts/" + customer + "/rates/number/14155550000").data();
        assertThat(viaReseller.path("Ratedeck-ID").asString()).isEqualTo("lookup");
        assertThat(viaReseller.path("Prefix").asString()).isEqualTo("14155");
    }

    /** Rates that compete for one prefix: weights, directions, a tie on weight broken by the lower id. */
    static final String RIVALS = """
            prefix,rate_cost,iso_country_code,rate_suffix,direction,weight
            4930,0.1,DE,,,10
            4930,0.2,DE,a,inbound,20
            4930,0.3,DE,b,outbound,30
            4930,0.4,DE,c,,30
            493012,0.5,DE,,inbound,5
            0,0.9,,,outbound,1
            """;

    @Test
    void lookupsFromMemoryAreTheDatabasesAnswers() throws Exception {
        String deck = "exact";
        Path sample = Fixtures.ratedeck(work, "exact.csv", 20_000);
        assertThat(run(api.putCsv("/v2/tasks?category=rates&action=import&ratedeck_id=" + deck, sample)).path("status").asString())
                .isEqualTo("success");
        assertThat(run(api.putCsv("/v2/tasks?category=rates&action=import&ratedeck_id=" + deck, RIVALS)).path("status").asString())
                .isEqualTo("success");
        LookupOracle oracle = new LookupOracle(engine.bean(DataSource.class), deck);
        long first = oracle.awaitIndexed(api);
        List<String> numbers = new ArrayList<>(oracle.numbers(150, 1));
        numbers.addAll(List.of("493012345", "4930199", "49301", "4930", "0123", "49", "9"));
        oracle.assertApiAgrees(api, numbers, "indexed");

        // changed through this node: right at once, before the index is built again, and right once it is
        String changes = """
                prefix,rate_cost,iso_country_code,rate_suffix,direction,weight
                4930,0.4,DE,c,,40
                49301,0.6,DE,,inbound,50
                """;
        assertThat(run(api.putCsv("/v2/tasks?category=rates&action=import&ratedeck_id=" + deck, changes)).path("status").asString())
                .isEqualTo("success");
        StringBuilder delete = new StringBuilder("prefix,iso_country_code,rate_suffix\n0,,\n4930,DE,b\n");
        new JdbcTemplate(engine.bean(DataSource.class)).queryForList("SELECT prefix, iso_country_code FROM rates WHERE ratedeck_id = ?"
                + " ORDER BY id FETCH FIRST 300 ROWS ONLY", deck).forEach(r -> delete.append(r.get("prefix")).append(',')
                .append(r.get("iso_country_code")).append(",\n"));
        assertThat(run(api.putCsv("/v2/tasks?category=rates&action=delete&ratedeck_id=" + deck, delete.toString())).path("status")
                .asString()).isEqualTo("success");
        oracle.assertApiAgrees(api, numbers, "just after an import and a delete");
        assertThat(oracle.awaitIndexed(api)).isGreaterThan(first);
        oracle.assertApiAgrees(api, numbers, "indexed again");
    }

    @Test
    void routesNeedATokenAndTheRightAccount() {
        Api anonymous = api.as(null);
        Api.Reply export = api.put("/v2/tasks?category=rates&action=export&ratedeck_id=auth");
        String task = export.task().path("id").asString();
        List<String[]> guarded = List.of(
                new String[] {"PUT", "/v2/tasks?category=rates&action=export"},
                new String[] {"PUT", "/v2/accounts/" + master + "/tasks?category=rates&action=export"},
                new String[] {"GET", "/v2/tasks/" + task},
                new String[] {"GET", "/v2/accounts/" + master + "/tasks"},
                new String[] {"PATCH", "/v2/tasks/" + task},
                new String[] {"PATCH", "/v2/tasks/" + task + "/stop"},
                new String[] {"DELETE", "/v2/tasks/" + task},
                new String[] {"GET", "/v2/plugins"},
                new String[] {"GET", "/v2/accounts/" + master},
                new String[] {"PUT", "/v2/accounts/" + master},
                new String[] {"GET", "/v2/accounts/" + master + "/rates/number/1415"});
        for (String[] route : guarded) {
            Api.Reply reply = call(anonymous, route);
            assertThat(reply.status()).as("no token: %s %s", route[0], route[1]).isEqualTo(401);
            assertThat(reply.json().path("error").asString()).isEqualTo("401");
        }
        assertThat(anonymous.as("not-a-token").get("/v2/tasks/" + task).status()).isEqualTo(401);

        String plain = account(master, "plain", false, null);
        Api plainApi = api.loginAs(plain);
        for (String[] route : guarded) {
            Api.Reply reply = call(plainApi, route);
            assertThat(reply.status()).as("plain sub-account: %s %s", route[0], route[1]).isEqualTo(403);
            assertThat(reply.json().path("message").asString()).isEqualTo("forbidden");
        }
        // rates tasks are for super admins and resellers, even on the caller's own account
        assertThat(plainApi.put("/v2/tasks?category=rates&action=export").status()).isEqualTo(403);
        assertThat(plainApi.putCsv("/v2/accounts/" + plain + "/tasks?category=rates&action=import", "prefix,rate_cost\n1,1\n").status())
                .isEqualTo(403);

        String reseller = account(master, "reseller", true, null);
        String customer = account(reseller, "customer", false, null);
        Api resellerApi = api.loginAs(reseller);
        Api.Reply forCustomer = resellerApi.putCsv("/v2/accounts/" + customer + "/tasks?category=rates&action=import&ratedeck_id=r",
                "prefix,rate_cost\n44,0.1\n");
        assertThat(forCustomer.status()).isEqualTo(201);
        assertThat(forCustomer.task().path("account_id").asString()).isEqualTo(customer);
        assertThat(forCustomer.task().path("auth_account_id").asString()).isEqualTo(reseller);
        assertThat(resellerApi.put("/v2/accounts/" + master + "/tasks?category=rates&action=export").status()).isEqualTo(403);
        // plugins and their failures are for super admins
        JsonNode plugins = api.get("/v2/plugins").data().path("plugins");
        assertThat(plugins.findValuesAsString("state")).contains("loaded", "failed");
        for (JsonNode p : plugins) {
            if (p.path("file").asString().equals("broken.jar")) {
                assertThat(p.path("reason").asString()).isNotBlank();
            } else {
                assertThat(strings(p.path("task_types"))).as(p.path("id").asString()).isEqualTo(BUNDLED.get(p.path("id").asString()));
            }
        }
    }

    @Test
    void badRequestsCreateNoTask() {
        int before = taskCount();
        Api.Reply missing = api.putCsv("/v2/tasks?category=rates&action=import", "prefix,rate_name\n1,x\n");
        assertThat(missing.status()).isEqualTo(400);
        assertThat(strings(missing.data().path("missing_mandatory_fields"))).containsExactly("rate_cost");
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
        return csv(Files.readString(file));
    }

    private String account(String parent, String name, boolean reseller, String ratedeck) {
        Map<String, Object> data = new java.util.HashMap<>(Map.of("name", name, "is_reseller", reseller));
        if (ratedeck != null) {
            data.put("ratedeck_id", ratedeck);
        }
        return api.createAccount(parent, data);
    }

    private static Api.Reply call(Api api, String[] route) {
        return switch (route[0]) {
            case "GET" -> api.get(route[1]);
            case "PUT" -> route[1].contains("/tasks") ? api.put(route[1]) : api.putJson(route[1], Map.of("data", Map.of("name", "x")));
            case "PATCH" -> api.patch(route[1]);
            case "DELETE" -> api.delete(route[1]);
            default -> throw new IllegalArgumentException(route[0]);
        };
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asString()));
        return values;
    }

    /** Parses CSV with the engine's own reader, so quoting is read as the engine writes it. */
    static List<List<String>> csv(String text) throws IOException {
        Path file = Files.createTempFile("bw", ".csv");
        try {
            Files.writeString(file, text);
            List<List<String>> rows = new ArrayList<>();
            rows.add(Csv.header(file));
            var reader = Csv.reader(file, EngineSettings.DEFAULT_MAX_CSV_LINE);
            reader.open(new org.springframework.batch.infrastructure.item.ExecutionContext());
            try {
                for (var row = reader.read(); row != null; row = reader.read()) {
                    if (!row.cells().isEmpty()) {
                        rows.add(new ArrayList<>(row.cells().values()));
                    }
                }
            } catch (Exception e) {
                throw new IOException(e);
            } finally {
                reader.close();
            }
            return rows;
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /**
     * A second node on the same database changes a deck this node holds in memory: within the recheck interval this
     * node's lookups see the change (they ask the database until the index is built again), then index it again.
     */
    @Test
    void anotherNodesChangeIsSeenWithinTheRecheckInterval() throws Exception {
        assumeTrue(kind == TestDatabase.Kind.POSTGRESQL, "a second node shares the database: PostgreSQL only (an HSQLDB file is one process's)");
        String deck = "shared";
        Path sample = Fixtures.ratedeck(work, "shared.csv", 5_000);
        LookupOracle oracle = new LookupOracle(engine.bean(DataSource.class), deck);
        assertThat(run(api, api.putCsv("/v2/tasks?category=rates&action=import&ratedeck_id=" + deck, sample)).path("status").asString())
                .isEqualTo("success");
        long before = oracle.awaitIndexed(api);
        List<String> numbers = oracle.numbers(150, 2);
        numbers.addAll(List.of("493012345", "4930199", "0123"));

        Path nodeB = work.resolve("node-b");
        PluginTestKit.pack(RatesPlugin.class, nodeB.resolve("plugins"));
        try (Engines.Forked b = new Engines.Forked(db(), nodeB, "--batchworks.node=rates-b")) {
            Api viaB = b.api();
            assertThat(run(viaB, viaB.putCsv("/v2/tasks?category=rates&action=import&ratedeck_id=" + deck, RIVALS)).path("status")
                    .asString()).isEqualTo("success");
            String delete = "prefix\n" + String.join("\n", oracle.numbers(30, 3).stream().map(n -> n.substring(0, 4)).toList()) + "\n";
            assertThat(run(viaB, viaB.putCsv("/v2/tasks?category=rates&action=delete&ratedeck_id=" + deck, delete)).path("status")
                    .asString()).isIn("success", "partial");
        }
        Thread.sleep(1_500); // the default rates.lookup.recheck is 1 s
        oracle.assertApiAgrees(api, numbers, "after node B's import and delete");
        assertThat(oracle.awaitIndexed(api)).isGreaterThan(before);
        oracle.assertApiAgrees(api, numbers, "indexed again");
    }
}
