package io.batchworks.plugins.rates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import io.batchworks.engine.support.EngineScenarios;
import io.batchworks.engine.support.Engines;
import io.batchworks.engine.support.Fixtures;
import io.batchworks.engine.support.OnBothDatabases;
import io.batchworks.engine.support.TestDatabase;
import io.batchworks.testapi.Api;
import io.batchworks.testkit.PluginTestKit;

import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import tools.jackson.databind.JsonNode;

/**
 * The rates plugin's lookups and who may call what: the longest prefix of an account's deck (its own, its reseller's,
 * the default), the in-memory index agreeing with the database's query as decks change (on this node and, on
 * PostgreSQL, another), and tokens, accounts and roles on every route.
 */
@OnBothDatabases
class RateLookupIT extends EngineScenarios {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    @Override
    protected void prepare(Path work) throws Exception {
        Path plugins = PluginTestKit.pack(RatesPlugin.class, work.resolve("plugins")).getParent();
        Files.writeString(plugins.resolve("broken.jar"), "not a jar at all");
    }

    /** The rates plugin's task types, in declaration order (it/'s DistPluginsTest checks every bundled plugin's). */
    private static final Map<String, List<String>> BUNDLED = Map.of("rates", List.of("rates/import", "rates/export", "rates/delete"));

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
                new String[] {"GET", "/v2/accounts/" + master + "/rates/number/1415"},
                new String[] {"POST", "/v2/accounts/" + master + "/rates/numbers"});
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
                assertThat(Api.strings(p.path("task_types"))).as(p.path("id").asString()).isEqualTo(BUNDLED.get(p.path("id").asString()));
            }
        }
    }

    private String account(String parent, String name, boolean reseller, String ratedeck) {
        Map<String, Object> data = new HashMap<>(Map.of("name", name, "is_reseller", reseller));
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
            case "POST" -> api.post(route[1], "{\"data\":{\"numbers\":[\"1415\"]}}");
            default -> throw new IllegalArgumentException(route[0]);
        };
    }

    private JsonNode run(Api.Reply put) {
        return api.run(put, TIMEOUT);
    }

    private static JsonNode run(Api api, Api.Reply put) {
        return api.run(put, TIMEOUT);
    }
}
