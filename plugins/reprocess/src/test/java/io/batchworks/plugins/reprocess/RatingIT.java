package io.batchworks.plugins.reprocess;

import static io.batchworks.plugins.reprocess.UsageFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import io.batchworks.engine.support.Engines;
import io.batchworks.engine.support.OnBothDatabases;
import io.batchworks.testapi.Api;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;

import tools.jackson.databind.JsonNode;

/**
 * Calls imported per scope are rated by the processing cycle from the rates plugin's deck (one plugin using
 * another's service), and CloudKitty's summary totals equal prices computed here from Kazoo's rules.
 */
@OnBothDatabases
class RatingIT extends UsageScenarios {

    /** Usage imports, ratings and reprocessings split by scope over two local threads, with the same results. */
    @Override
    protected String[] engineArgs() {
        List<String> args = new ArrayList<>(List.of(super.engineArgs()));
        args.add("--batchworks.partition.threads=2");
        return args.toArray(String[]::new);
    }

    /** prefix, cost per minute, surcharge, increment, minimum, no-charge seconds; direction both. */
    private static final String[][] DECK = {
            {"1", "0.6", "0.05", "6", "30", "5"},
            {"44", "1.2", "0", "60", "60", "0"},
            {"4420", "2.4", "0.1", "1", "0", "3"}};
    /** The deck corrected: calls to +1 cost twice as much. */
    private static final String[][] CORRECTED = {
            {"1", "1.2", "0.05", "6", "30", "5"},
            DECK[1],
            DECK[2]};

    private Api admin;
    private String root;

    @BeforeParameterizedClassInvocation
    void names() {
        admin = api;
        root = master;
    }

    @Test
    void callsAreRatedPeriodByPeriodFromTheScopesDeck() throws Exception {
        importDeck(admin, DECK);

        String[] scopes = {
                admin.createAccount(root, Map.of("name", "scope a")),
                admin.createAccount(root, Map.of("name", "scope b")),
                admin.createAccount(root, Map.of("name", "scope c"))};
        long thisHour = Instant.now().getEpochSecond() / HOUR * HOUR;
        long from = thisHour - 3 * HOUR;
        long to = thisHour - HOUR; // calls in two closed periods, rated even if the hour turns during the test
        Random random = new Random(42);
        String[] numbers = {"+14155550100", "442079460000", "44207946000", "4420123", "+33123456789", "15105550000"};
        StringBuilder calls = new StringBuilder("scope_id,timestamp,number,direction,duration_s,call_id\n");
        Map<String, BigDecimal> expected = new HashMap<>();
        Map<String, BigDecimal> firstPeriodOld = new HashMap<>();
        Map<String, BigDecimal> firstPeriodNew = new HashMap<>();
        Map<String, Long> seconds = new HashMap<>();
        for (int i = 0; i < 600; i++) {
            String scope = scopes[i % 3];
            long at = from + random.nextLong(to - from);
            String number = numbers[random.nextInt(numbers.length)];
            int duration = random.nextInt(400);
            calls.append(scope).append(',').append(iso(at)).append(',').append(number)
                    .append(',').append(i % 2 == 0 ? "inbound" : "outbound").append(',').append(duration).append(',')
                    .append(i % 5 == 0 ? "" : "call-" + i).append('\n');
            expected.merge(scope, price(DECK, number, duration), BigDecimal::add);
            if (at < from + HOUR) {
                firstPeriodOld.merge(scope, price(DECK, number, duration), BigDecimal::add);
                firstPeriodNew.merge(scope, price(CORRECTED, number, duration), BigDecimal::add);
            }
            seconds.merge(scope, (long) duration, Long::sum);
        }
        calls.append(scopes[0]).append(",yesterday,+1415,inbound,10,bad-time\n");
        calls.append("0123456789abcdef0123456789abcdef,").append(iso(from)).append(",+1415,inbound,10,x\n");
        String csv = calls.toString();

        JsonNode imported = importUsage(admin, csv);
        assertThat(imported.path("success_count").asLong()).isEqualTo(600);
        assertThat(imported.path("failure_count").asLong()).isEqualTo(2);
        String out = admin.getCsv("/v2/tasks/" + imported.path("id").asString() + "?csv_name=out.csv").body();
        assertThat(out).contains("timestamp must be ISO 8601").contains("is not an account");

        for (String scope : scopes) {
            awaitRated(admin, scope, to);
        }
        JsonNode summary = admin.get("/v2/summary?groupby=scope_id&begin=" + isoParam(from) + "&end=" + isoParam(to)).json();
        assertThat(summary.path("columns").toString()).isEqualTo("[\"begin\",\"end\",\"qty\",\"rate\",\"scope_id\"]");
        assertThat(summary.path("total").asInt()).isEqualTo(3);
        for (JsonNode row : summary.path("results")) {
            String scope = row.get(4).asString();
            assertThat(new BigDecimal(row.get(3).asString()).setScale(6)).as(scope).isEqualTo(expected.get(scope).setScale(6));
            assertThat(row.get(2).asLong()).isEqualTo(seconds.get(scope));
        }
        JsonNode byPeriod = admin.get("/v2/summary?groupby=time&filters=scope_id:" + scopes[0] + "&begin=" + isoParam(from) + "&end=" + isoParam(to)).json();
        assertThat(byPeriod.path("total").asInt()).isEqualTo(2);
        assertThat(byPeriod.path("results").get(0).get(0).asString()).isEqualTo(iso(from));

        // importing the same calls again adds nothing, and the totals stay
        JsonNode again = importUsage(admin, csv);
        assertThat(again.path("success_count").asLong()).isEqualTo(600);
        JsonNode after = admin.get("/v2/summary?begin=" + isoParam(from) + "&end=" + isoParam(to)).json();
        BigDecimal all = expected.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(new BigDecimal(after.path("results").get(0).get(3).asString()).setScale(6)).isEqualTo(all.setScale(6));

        JsonNode scope = admin.get("/v2/scope?scope_id=" + scopes[1]).json().path("results").get(0);
        assertThat(scope.path("active").asBoolean()).isTrue();
        assertThat(scope.path("scope_key").asString()).isEqualTo("project_id");
        assertThat(admin.get("/v2/scope?scope_id=nosuchscope").status()).isEqualTo(404);
        // the rated calls as CSV, for one scope
        String export = admin.put("/v2/tasks?category=usage&action=export&scope_id=" + scopes[0]).task().path("id").asString();
        admin.patch("/v2/tasks/" + export);
        assertThat(admin.awaitEnd(export, TIMEOUT).path("status").asString()).isEqualTo("success");
        List<String> lines = admin.getCsv("/v2/tasks/" + export + "?csv_name=out.csv").body().lines().toList();
        assertThat(lines.get(0)).isEqualTo("scope_id,call_id,started,number,direction,duration_s,ratedeck_id,rate_id,prefix,price,unrated");
        assertThat(lines).hasSize(201);
        BigDecimal exported = lines.stream().skip(1).map(l -> new BigDecimal(l.split(",")[9])).reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(exported.setScale(6)).isEqualTo(expected.get(scopes[0]).setScale(6));
        List<String> unmatched = lines.stream().filter(l -> l.contains(",33123456789,")).toList();
        assertThat(unmatched).as("calls no rate matches").isNotEmpty()
                .allSatisfy(l -> assertThat(l).as("priced 0 and flagged").endsWith(",0,true"));

        // deactivate one scope; reset another, which rating then rates again to the same totals
        Api.Reply patched = admin.patch("/v2/scope", "{\"scope_id\": \"" + scopes[2] + "\", \"active\": false}");
        assertThat(patched.status()).as(patched.body()).isEqualTo(200);
        assertThat(patched.json().path("active").asBoolean()).isFalse();
        assertThat(admin.get("/v2/scope?active=false").json().path("results").size()).isEqualTo(1);
        assertThat(admin.put("/v2/scope", "{\"last_processed_timestamp\": \"" + iso(from) + "\"}")
                .json().path("message").asString()).isEqualTo("Either all_scopes or a scope_id should be specified.");
        Api.Reply reset = admin.put("/v2/scope", "{\"scope_id\": \"" + scopes[1] + "\", \"last_processed_timestamp\": \""
                + iso(from) + "\"}");
        assertThat(reset.status()).as(reset.body()).isEqualTo(202);
        awaitRated(admin, scopes[1], to);
        JsonNode rerated = admin.get("/v2/summary?filters=scope_id:" + scopes[1] + "&begin=" + isoParam(from) + "&end=" + isoParam(to)).json();
        assertThat(new BigDecimal(rerated.path("results").get(0).get(3).asString()).setScale(6)).isEqualTo(expected.get(scopes[1]).setScale(6));

        // correct the deck, then reprocess two scopes over the first period only
        Map<Long, BigDecimal> cBefore = totals(admin, scopes[2], from, to);
        Map<Long, BigDecimal> aBefore = totals(admin, scopes[0], from, to);
        importDeck(admin, CORRECTED);
        String window = "\"start_reprocess_time\": \"" + ck(from) + "\", \"end_reprocess_time\": \"" + ck(from) + "\"";
        assertRefused("{\"scope_ids\": [\"" + scopes[2] + "\"], " + window + ", \"reason\": \"deck fix\"}", "do not exist.");
        Api.Reply scheduled = admin.post("/v2/task/reprocesses",
                "{\"scope_ids\": [\"" + scopes[0] + "\", \"" + scopes[1] + "\"], " + window + ", \"reason\": \"deck fix\"}");
        assertThat(scheduled.status()).as(scheduled.body()).isEqualTo(202);
        assertThat(scheduled.body()).isEqualTo("{}");
        for (String s : List.of(scopes[0], scopes[1])) {
            awaitReprocessed(admin, s, ck(from));
        }
        Map<Long, BigDecimal> aAfter = totals(admin, scopes[0], from, to);
        assertThat(aAfter.get(from)).isEqualTo(firstPeriodNew.get(scopes[0]).setScale(6));
        assertThat(aAfter.get(from + HOUR)).as("outside the window nothing changes").isEqualTo(aBefore.get(from + HOUR));
        assertThat(totals(admin, scopes[1], from, to).get(from)).isEqualTo(firstPeriodNew.get(scopes[1]).setScale(6));
        assertThat(totals(admin, scopes[2], from, to)).as("a scope not reprocessed keeps its prices").isEqualTo(cBefore);
        assertThat(firstPeriodNew.get(scopes[0])).isNotEqualTo(firstPeriodOld.get(scopes[0]));

        // CloudKitty's refusals, in its order
        String a = scopes[0];
        assertRefused("{" + window + ", \"reason\": \"r\"}", "required key not provided @ data['scope_ids']");
        assertRefused("{\"scope_ids\": \"" + a + "\", \"start_reprocess_time\": \"yesterday\", \"end_reprocess_time\": \""
                + ck(from) + "\", \"reason\": \"r\"}", "data['start_reprocess_time']");
        assertRefused("{\"scope_ids\": [\"ALL\", \"" + a + "\"], " + window + ", \"reason\": \" \"}", "Cannot use 'ALL' with scope ID");
        assertRefused("{\"scope_ids\": \"" + a + "\", " + window + ", \"reason\": \"  \"}", "Empty or blank reason text is not allowed.");
        assertRefused("{\"scope_ids\": \"" + a + "\", \"start_reprocess_time\": \"" + ck(from + HOUR)
                + "\", \"end_reprocess_time\": \"" + ck(from) + "\", \"reason\": \"r\"}", "cannot be less than start");
        assertRefused("{\"scope_ids\": \"" + a + "\", \"start_reprocess_time\": \"" + ck(from + 60)
                + "\", \"end_reprocess_time\": \"" + ck(from + HOUR) + "\", \"reason\": \"r\"}",
                "A valid time window near the provided one is ['" + ck(from) + "', '" + ck(from + HOUR) + "']");
        assertRefused("{\"scope_ids\": \"nosuchscope\", " + window + ", \"reason\": \"r\"}", "Scopes ['nosuchscope'] scheduled");
        long future = thisHour + 10 * HOUR;
        assertRefused("{\"scope_ids\": \"" + a + "\", \"start_reprocess_time\": \"" + ck(future)
                + "\", \"end_reprocess_time\": \"" + ck(future) + "\", \"reason\": \"r\"}", "starting after the last possible timestamp");
        assertRefused("{\"scope_ids\": \"" + a + "\", \"start_reprocess_time\": \"" + ck(from)
                + "\", \"end_reprocess_time\": \"" + ck(future) + "\", \"reason\": \"r\"}", "ending after the last possible timestamp");
        // an unfinished schedule blocks an overlapping one (closed intervals: sharing one period is overlapping)
        String b = scopes[1];
        assertThat(admin.post("/v2/task/reprocess", "{\"scope_ids\": \"" + b + "\", \"start_reprocess_time\": \"" + ck(from)
                + "\", \"end_reprocess_time\": \"" + ck(from + HOUR) + "\", \"reason\": \"overlap base\"}").status()).isEqualTo(202);
        assertRefused("{\"scope_ids\": \"" + b + "\", \"start_reprocess_time\": \"" + ck(from + HOUR)
                + "\", \"end_reprocess_time\": \"" + ck(from + HOUR) + "\", \"reason\": \"r\"}", "because it already has a schedule");
        awaitReprocessed(admin, b, ck(from + HOUR));

        // listing: filters, order, paging
        JsonNode schedules = admin.get("/v2/task/reprocesses").json().path("results");
        assertThat(schedules.size()).isEqualTo(3);
        assertThat(schedules.get(0).path("reason").asString()).as("newest first").isEqualTo("overlap base");
        JsonNode asc = admin.get("/v2/task/reprocesses?order=ASC&limit=1&offset=1").json().path("results");
        assertThat(asc.size()).isEqualTo(1);
        assertThat(asc.get(0)).isEqualTo(schedules.get(1));
        JsonNode onlyA = admin.get("/v2/task/reprocesses/" + a + "?scope_ids=" + b).json().path("results");
        assertThat(onlyA.size()).as("the path wins over the query").isEqualTo(1);
        assertThat(onlyA.get(0).path("scope_id").asString()).isEqualTo(a);
        assertThat(admin.get("/v2/task/reprocesses?scope_ids=" + a + "," + b).json().path("results").size()).isEqualTo(3);
        assertThat(admin.get("/v2/task/reprocesses?scope_ids=" + a + "&scope_ids=" + b).json().path("results").size()).isEqualTo(3);
        assertThat(admin.get("/v2/task/reprocesses?color=red").status()).isEqualTo(400);
        assertThat(admin.get("/v2/task/reprocesses?order=sideways").status()).isEqualTo(400);
        assertThat(admin.get("/v2/task/reprocesses?limit=0").status()).isEqualTo(400);
        JsonNode firstOfB = admin.get("/v2/task/reprocesses/" + b + "?order=asc").json().path("results").get(0);
        assertThat(firstOfB.path("reason").asString()).isEqualTo("deck fix");
        assertThat(firstOfB.path("start_reprocess_time").asString()).isEqualTo(ck(from));
        assertThat(firstOfB.path("end_reprocess_time").asString()).isEqualTo(ck(from));
        assertThat(firstOfB.path("current_reprocess_time").asString()).isEqualTo(ck(from));

        Api customer = admin.loginAs(scopes[0]);
        Api.Reply refused = customer.get("/v2/summary");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().path("message").asString()).isEqualTo("You are not authorized to perform this action.");
        assertThat(admin.as(null).get("/v2/summary").status()).isEqualTo(401);
        assertThat(admin.as(null).post("/v2/task/reprocesses", "{}").status()).isEqualTo(401);
    }




    private void assertRefused(String body, String message) {
        Api.Reply reply = admin.post("/v2/task/reprocesses", body);
        assertThat(reply.status()).as(reply.body()).isEqualTo(400);
        assertThat(reply.json().path("message").asString()).contains(message);
    }





}
