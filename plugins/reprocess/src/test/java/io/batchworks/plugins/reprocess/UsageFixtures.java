package io.batchworks.plugins.reprocess;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import io.batchworks.testapi.Api;
import io.batchworks.engine.support.Engines;
import io.batchworks.plugins.rates.RatesPlugin;
import io.batchworks.testkit.PluginTestKit;

import tools.jackson.databind.JsonNode;

/** Decks, calls, prices and waits shared by the usage scenarios. */
final class UsageFixtures {

    static final long HOUR = 3600;
    static final Duration TIMEOUT = Duration.ofMinutes(3);
    static final String DECK_HEADER = "prefix,rate_cost,rate_surcharge,rate_increment,rate_minimum,rate_nocharge_time";
    /** One rate for every number, in {@link #DECK_HEADER}'s columns: 0.6 a minute, 6 s increments, 30 s minimum. */
    static final String[][] ONE_RATE = {{"1", "0.6", "0.02", "6", "30", "0"}};
    /** CloudKitty's way of printing a time, as its scope and reprocessing APIs show it. */
    private static final DateTimeFormatter CK = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ssxxx").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx").withZone(ZoneOffset.UTC);

    private UsageFixtures() {
    }

    /** Puts the reprocess plugin and the rates plugin it prices calls with, as built, into {@code work/plugins}. */
    static void plugins(Path work) throws IOException {
        Path plugins = work.resolve("plugins");
        PluginTestKit.pack(ReprocessPlugin.class, plugins);
        PluginTestKit.pack(RatesPlugin.class, plugins);
    }

    static String ck(long epochSecond) {
        return CK.format(Instant.ofEpochSecond(epochSecond));
    }

    /** A time as CloudKitty prints it, in epoch seconds. */
    static long parseCk(String time) {
        return Instant.from(CK.parse(time)).getEpochSecond();
    }

    static String iso(long epochSecond) {
        return ISO.format(Instant.ofEpochSecond(epochSecond));
    }

    /** An ISO time as a query parameter. */
    static String isoParam(long epochSecond) {
        return iso(epochSecond).replace("+", "%2B");
    }

    /** Imports rates (rows in {@link #DECK_HEADER}'s columns) into the default deck. */
    static void importDeck(Api api, String[][] rates) throws InterruptedException {
        StringBuilder deck = new StringBuilder(DECK_HEADER).append('\n');
        for (String[] r : rates) {
            deck.append(String.join(",", r)).append('\n');
        }
        Api.Reply created = api.putCsv("/v2/tasks?category=rates&action=import", deck.toString());
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String task = created.task().path("id").asString();
        api.patch("/v2/tasks/" + task);
        assertThat(api.awaitEnd(task, TIMEOUT).path("status").asString()).isEqualTo("success");
    }

    static JsonNode importUsage(Api api, String csv) throws InterruptedException {
        Api.Reply created = api.putCsv("/v2/tasks?category=usage&action=import", csv);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.task().path("id").asString();
        api.patch("/v2/tasks/" + id);
        return api.awaitEnd(id, TIMEOUT);
    }

    /** One generated call. */
    record Call(String scope, long at, String number, int durationS) {
    }

    /**
     * {@code count} outbound calls to +1415 555 numbers, under ten minutes each, at random times in the {@code hours}
     * from {@code from}; the scopes take turns. The same seed makes the same calls.
     */
    static List<Call> calls(String[] scopes, int count, long from, int hours, long seed) {
        Random random = new Random(seed);
        List<Call> calls = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            long at = from + random.nextLong(hours * HOUR);
            int duration = random.nextInt(600);
            calls.add(new Call(scopes[i % scopes.length], at, "1415" + (5_550_000 + random.nextInt(1000)), duration));
        }
        return calls;
    }

    /** The calls as a usage import's CSV. */
    static String csv(List<Call> calls) {
        StringBuilder csv = new StringBuilder("scope_id,timestamp,number,direction,duration_s\n");
        for (Call c : calls) {
            csv.append(c.scope()).append(',').append(iso(c.at())).append(',').append(c.number()).append(",outbound,")
                    .append(c.durationS()).append('\n');
        }
        return csv.toString();
    }

    /** What rating the calls from {@code deck} must total, by scope and period, as the summary shows it. */
    static Map<String, Map<Long, BigDecimal>> pricedTotals(List<Call> calls, String[][] deck) {
        Map<String, Map<Long, BigDecimal>> totals = new HashMap<>();
        for (Call c : calls) {
            totals.computeIfAbsent(c.scope(), k -> new HashMap<>())
                    .merge(c.at() / HOUR * HOUR, price(deck, c.number(), c.durationS()).setScale(6), BigDecimal::add);
        }
        return totals;
    }

    /** Kazoo's price, computed here on its own: the longest prefix of the deck, then its rules. */
    static BigDecimal price(String[][] deck, String number, int seconds) {
        String digits = number.startsWith("+") ? number.substring(1) : number;
        String[] best = null;
        for (String[] r : deck) {
            if (digits.startsWith(r[0]) && (best == null || r[0].length() > best[0].length())) {
                best = r;
            }
        }
        if (best == null || seconds == 0 || seconds <= Integer.parseInt(best[5])) {
            return BigDecimal.ZERO;
        }
        int increment = Integer.parseInt(best[3]);
        int minimum = Integer.parseInt(best[4]);
        long billed = minimum + (seconds > minimum ? (long) Math.ceil((seconds - minimum) / (double) increment) * increment : 0);
        return new BigDecimal(best[2]).add(new BigDecimal(best[1]).multiply(BigDecimal.valueOf(billed))
                .divide(BigDecimal.valueOf(60), 6, RoundingMode.HALF_UP));
    }

    /** A scope's rated totals per period in [from, to), as the summary gives them. */
    static Map<Long, BigDecimal> totals(Api api, String scope, long from, long to) {
        Map<Long, BigDecimal> totals = new HashMap<>();
        JsonNode results = api.get("/v2/summary?groupby=time&limit=1000&filters=scope_id:" + scope + "&begin=" + isoParam(from)
                + "&end=" + isoParam(to)).json().path("results");
        for (JsonNode row : results) {
            totals.put(Instant.from(ISO.parse(row.get(0).asString())).getEpochSecond(), new BigDecimal(row.get(3).asString()).setScale(6));
        }
        return totals;
    }

    /** Waits until rating has reached {@code until} for the scope. */
    static void awaitRated(Api api, String scope, long until) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            JsonNode s = api.get("/v2/scope?scope_id=" + scope).json().path("results").get(0);
            if (parseCk(s.path("last_processed_timestamp").asString()) >= until) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("scope " + scope + " rated only until " + s.path("last_processed_timestamp"));
            }
            Thread.sleep(200);
        }
    }

    /** The current_reprocess_time of the scope's newest schedule ("" before its first period). */
    static String currentReprocess(Api api, String scope) {
        return api.get("/v2/task/reprocesses/" + scope).json().path("results").get(0).path("current_reprocess_time").asString();
    }

    /** Waits until the scope's newest schedule is at {@code current}. */
    static void awaitReprocessed(Api api, String scope, String current) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!currentReprocess(api, scope).equals(current)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("reprocessing of " + scope + " not at " + current + " but " + currentReprocess(api, scope));
            }
            Thread.sleep(200);
        }
    }

    /** How many periods the scope's executing rating task has rated (0 when none executes). */
    static long ratedPeriods(Api api, String scope) {
        Api.Reply reply = api.get("/v2/accounts/" + scope + "/tasks?category=usage&action=rate&status=executing");
        return reply.status() != 200 ? 0 : reply.json().path("data").path(0).path("success_count").asLong();
    }
}
