package io.batchworks.plugins.rates;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.sql.DataSource;

import io.batchworks.engine.support.EngineScenarios;
import io.batchworks.engine.support.Fixtures;
import io.batchworks.engine.support.OnBothDatabases;
import io.batchworks.engine.support.TestDatabase;
import io.batchworks.testapi.Api;
import io.batchworks.testkit.PluginTestKit;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code POST /v2/rates/numbers}: many numbers in one request answer as the single lookup answers each, in the order
 * given, as JSON or as CSV; a request over the cap, a body that is not a list of numbers, a wrong direction are refused
 * naming the field.
 */
@OnBothDatabases
class BulkLookupIT extends EngineScenarios {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final String DECK = "bulk";

    @Override
    protected void prepare(Path work) throws Exception {
        PluginTestKit.pack(RatesPlugin.class, work.resolve("plugins"));
    }

    @Test
    void requestsOfManyNumbersAnswerAsOneByOne() throws Exception {
        LookupOracle oracle = imported();
        oracle.awaitIndexed(api);
        // the index answers both routes whatever the database: three requests on one, two on the other (the last short)
        int many = kind == TestDatabase.Kind.HSQLDB ? 2 * BulkRateLookups.MAX_DEFAULT : BulkRateLookups.MAX_DEFAULT;
        List<String> numbers = new ArrayList<>(oracle.numbers(many, 11));
        numbers.addAll(0, List.of("+4930123", " 4930199 ", "abc", "12a", "9"));
        ExecutorService singles = Executors.newFixedThreadPool(8);
        try {
            for (int from = 0; from < numbers.size(); from += BulkRateLookups.MAX_DEFAULT) {
                List<String> batch = numbers.subList(from, Math.min(numbers.size(), from + BulkRateLookups.MAX_DEFAULT));
                JsonNode answers = bulk(batch, null);
                assertThat(answers.size()).isEqualTo(batch.size());
                List<Future<?>> checks = new ArrayList<>();
                for (int i = 0; i < batch.size(); i++) {
                    String number = batch.get(i);
                    JsonNode answer = answers.get(i);
                    checks.add(singles.submit(() -> assertSame(number, answer, null)));
                }
                for (Future<?> check : checks) {
                    check.get();
                }
            }
            // each direction, a sample
            for (String direction : List.of("inbound", "outbound")) {
                List<String> sample = numbers.subList(0, 2_000);
                JsonNode answers = bulk(sample, direction);
                for (int i = 0; i < sample.size(); i++) {
                    assertSame(sample.get(i), answers.get(i), direction);
                }
            }
        } finally {
            singles.shutdownNow();
        }
    }

    @Test
    void csvInCsvOutAndTheAccountsDeck() throws Exception {
        LookupOracle oracle = imported();
        List<String> numbers = oracle.numbers(500, 12);
        numbers.add(1, "not-a-number");
        JsonNode json = bulk(numbers, "outbound");
        Api.Reply csv = api.send("POST", "/v2/rates/numbers?ratedeck_id=" + DECK + "&direction=outbound", "text/csv",
                "number\n" + String.join("\n", numbers) + "\n\n");
        assertThat(csv.status()).as(csv.body()).isEqualTo(200);
        assertThat(csv.header("Content-Type")).startsWith("text/csv");
        List<String> lines = csv.body().lines().toList();
        assertThat(lines.get(0)).isEqualTo(String.join(",", RateAnswer.COLUMNS));
        assertThat(lines).hasSize(numbers.size() + 1);
        for (int i = 0; i < numbers.size(); i++) {
            JsonNode a = json.get(i);
            String expected = a.has("Reason")
                    ? numbers.get(i) + ",,,,,,,,,," + a.path("Reason").asString()
                    : String.join(",", numbers.get(i), a.path("E164-Number").asString(), a.path("Prefix").asString(),
                    a.path("Rate").asString(), a.path("Surcharge").asString(), a.path("Base-Cost").asString(),
                    a.path("Rate-Increment").asString(), a.path("Rate-Minimum").asString(), a.path("Rate-ID").asString(), DECK, "");
            assertThat(lines.get(i + 1)).isEqualTo(expected);
        }

        // the account form: the account's own deck when none is named
        String customer = api.createAccount(master, Map.of("name", "bulk-customer", "ratedeck_id", DECK));
        Api.Reply forAccount = api.post("/v2/accounts/" + customer + "/rates/numbers?direction=outbound",
                Api.JSON.writeValueAsString(Map.of("data", Map.of("numbers", numbers.subList(0, 50)))));
        assertThat(forAccount.status()).as(forAccount.body()).isEqualTo(200);
        for (int i = 0; i < 50; i++) {
            ObjectNode expected = (ObjectNode) json.get(i).deepCopy();
            expected.remove("Number");
            ObjectNode got = (ObjectNode) forAccount.data().get(i).deepCopy();
            got.remove("Number");
            assertThat(got).isEqualTo(expected);
        }
        assertThat(api.loginAs(customer).post("/v2/accounts/" + master + "/rates/numbers", "{\"data\":{\"numbers\":[\"1\"]}}")
                .status()).isEqualTo(403);
    }

    @Test
    void refusalsNameTheField() {
        List<String> tooMany = new ArrayList<>();
        for (int i = 0; i <= BulkRateLookups.MAX_DEFAULT; i++) {
            tooMany.add("1415" + i);
        }
        Api.Reply over = api.post("/v2/rates/numbers", Api.JSON.writeValueAsString(Map.of("data", Map.of("numbers", tooMany))));
        assertThat(over.status()).isEqualTo(413);
        assertThat(over.data().path("numbers").path("maximum").path("message").asString()).contains(BulkRateLookups.MAX_SETTING);
        Api.Reply overCsv = api.send("POST", "/v2/rates/numbers", "text/csv", String.join("\n", tooMany));
        assertThat(overCsv.status()).isEqualTo(413);
        assertThat(api.post("/v2/rates/numbers", "{\"data\":{\"numbers\":\"1415\"}}").data().has("numbers")).isTrue();
        assertThat(api.post("/v2/rates/numbers", "{\"data\":{}}").status()).isEqualTo(400);
        Api.Reply notJson = api.post("/v2/rates/numbers", "{\"data\":");
        assertThat(notJson.status()).isEqualTo(400);
        assertThat(notJson.data().has("data")).isTrue();
        Api.Reply direction = api.post("/v2/rates/numbers", "{\"data\":{\"numbers\":[\"1\"],\"direction\":\"sideways\"}}");
        assertThat(direction.status()).isEqualTo(400);
        assertThat(direction.data().has("direction")).isTrue();
        assertThat(api.as(null).post("/v2/rates/numbers", "{\"data\":{\"numbers\":[\"1\"]}}").status()).isEqualTo(401);
        assertThat(api.send("POST", "/v2/rates/numbers", "garbage", "{\"data\":{\"numbers\":[\"1\"]}}").status())
                .as("a Content-Type that is no media type: the body read as JSON").isEqualTo(200);
        Api.Reply empty = api.post("/v2/rates/numbers", "{\"data\":{\"numbers\":[]}}");
        assertThat(empty.status()).isEqualTo(200);
        assertThat(empty.data().size()).isZero();
    }

    /** The deck every test rates against: a sample of 20,000 rates and some with directions. */
    private LookupOracle imported() throws Exception {
        Path sample = Fixtures.ratedeck(work, "bulk.csv", 20_000);
        assertThat(api.run(api.putCsv("/v2/tasks?category=rates&action=import&ratedeck_id=" + DECK, sample), TIMEOUT)
                .path("status").asString()).isEqualTo("success");
        String directed = """
                prefix,rate_cost,direction,weight
                4930,0.4,inbound,10
                49301,0.6,outbound,5
                """;
        assertThat(api.run(api.putCsv("/v2/tasks?category=rates&action=import&ratedeck_id=" + DECK, directed), TIMEOUT)
                .path("status").asString()).isEqualTo("success");
        return new LookupOracle(engine.bean(DataSource.class), DECK);
    }

    private JsonNode bulk(List<String> numbers, String direction) {
        Api.Reply reply = api.post("/v2/rates/numbers?ratedeck_id=" + DECK + (direction == null ? "" : "&direction=" + direction),
                Api.JSON.writeValueAsString(Map.of("data", Map.of("numbers", numbers))));
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.data();
    }

    /** The bulk answer of a number is the single lookup's: the same fields, or the single's refusal as its reason. */
    private void assertSame(String number, JsonNode answer, String direction) {
        assertThat(answer.path("Number").asString()).isEqualTo(number);
        String trimmed = number.strip();
        if (!trimmed.matches("\\+?[0-9]+")) {
            assertThat(answer.path("Reason").asString()).isEqualTo(RateAnswer.UNRATEABLE);
            return;
        }
        Api.Reply single = api.get("/v2/rates/number/" + trimmed.replace("+", "%2B") + "?ratedeck_id=" + DECK
                + (direction == null ? "" : "&direction=" + direction));
        if (single.status() == 404) {
            assertThat(answer.path("Reason").asString()).as(number).isEqualTo(RateAnswer.NO_RATE);
            return;
        }
        ObjectNode expected = (ObjectNode) single.data();
        expected.remove(List.of("Rate-Name", "Rate-Description"));
        ObjectNode got = (ObjectNode) answer.deepCopy();
        got.remove("Number");
        if (!got.equals(expected)) {
            assertThat(got).as(number).isEqualTo(expected);
        }
    }
}
