package io.batchworks.plugins.reprocess;

import static io.batchworks.plugins.reprocess.UsageFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import io.batchworks.testapi.Api;
import io.batchworks.engine.support.OnBothDatabases;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

/**
 * 40,000 calls over three days for ten scopes: rating brings every scope to the last closed period with the
 * summary's totals equal to prices computed here; after a deck correction, reprocessing two scopes over one day
 * re-prices exactly those scopes' calls of that day.
 */
@OnBothDatabases
class RatingAtScaleIT extends UsageScenarios {

    private static final int CALLS = 40_000;
    private static final int SCOPES = 10;
    private static final String[][] DECK = {
            {"1", "0.6", "0.05", "6", "30", "5"},
            {"1415", "0.3", "0", "60", "60", "0"},
            {"44", "1.2", "0.1", "1", "0", "3"}};
    private static final String[][] CORRECTED = {
            {"1", "0.9", "0.05", "6", "30", "5"},
            DECK[1],
            {"44", "1.5", "0.1", "1", "0", "3"}};

    @Test
    void tenScopesOverThreeDaysAreRatedThenTwoReprocessedOverADay() throws Exception {
        importDeck(api, DECK);
        String[] scopes = new String[SCOPES];
        for (int i = 0; i < SCOPES; i++) {
            scopes[i] = api.createAccount(master, Map.of("name", "scope " + i));
        }
        long thisHour = Instant.now().getEpochSecond() / HOUR * HOUR;
        long from = thisHour - 72 * HOUR;
        long dayFrom = thisHour - 48 * HOUR;
        long dayLast = dayFrom + 23 * HOUR; // the day's last period
        Map<String, Map<Long, BigDecimal>> before = new HashMap<>();
        Map<String, Map<Long, BigDecimal>> after = new HashMap<>();
        Random random = new Random(2026);
        StringBuilder calls = new StringBuilder("scope_id,timestamp,number,direction,duration_s,call_id\n");
        for (int i = 0; i < CALLS; i++) {
            String scope = scopes[i % SCOPES];
            long at = from + random.nextLong(72 * HOUR);
            int duration = random.nextInt(900);
            String number = switch (random.nextInt(4)) {
                case 0 -> "+1415555" + (1000 + random.nextInt(300));
                case 1 -> "1212555" + (1000 + random.nextInt(300));
                case 2 -> "+44207946" + (1000 + random.nextInt(300));
                default -> "+3312345" + (1000 + random.nextInt(300)); // no rate: priced 0
            };
            calls.append(scope).append(',').append(iso(at)).append(',').append(number).append(',')
                    .append(i % 3 == 0 ? "inbound" : "outbound").append(',').append(duration).append(",c").append(i).append('\n');
            long period = at / HOUR * HOUR;
            BigDecimal old = price(DECK, number, duration);
            before.computeIfAbsent(scope, k -> new HashMap<>()).merge(period, old, BigDecimal::add);
            boolean reprocessed = (scope.equals(scopes[0]) || scope.equals(scopes[1])) && period >= dayFrom && period <= dayLast;
            after.computeIfAbsent(scope, k -> new HashMap<>()).merge(period, reprocessed ? price(CORRECTED, number, duration) : old,
                    BigDecimal::add);
        }
        assertThat(importUsage(api, calls.toString()).path("success_count").asLong()).isEqualTo(CALLS);

        for (String scope : scopes) {
            awaitRated(api, scope, thisHour);
            JsonNode state = api.get("/v2/scope?scope_id=" + scope).json().path("results").get(0);
            long closed = Instant.now().getEpochSecond() / HOUR * HOUR;
            assertThat(state.path("last_processed_timestamp").asString()).as("rated to the last closed period").isIn(ck(thisHour), ck(closed));
            assertTotals(scope, from, before.get(scope));
        }

        importDeck(api, CORRECTED);
        Api.Reply scheduled = api.post("/v2/task/reprocesses", "{\"scope_ids\": [\"" + scopes[0] + "\", \"" + scopes[1]
                + "\"], \"start_reprocess_time\": \"" + ck(dayFrom) + "\", \"end_reprocess_time\": \"" + ck(dayLast)
                + "\", \"reason\": \"corrected deck\"}");
        assertThat(scheduled.status()).as(scheduled.body()).isEqualTo(202);
        awaitReprocessed(api, scopes[0], ck(dayLast));
        awaitReprocessed(api, scopes[1], ck(dayLast));
        for (String scope : scopes) {
            assertTotals(scope, from, after.get(scope));
        }
    }

    /**
     * The scope's totals per period, once rating has caught up: calls imported into periods already rated (the
     * cycle runs while the import does) are rated by a later cycle, so the totals are awaited, then compared.
     */
    private void assertTotals(String scope, long from, Map<Long, BigDecimal> expected) throws InterruptedException {
        Map<Long, BigDecimal> scaled = new HashMap<>();
        expected.forEach((period, total) -> scaled.put(period, total.setScale(6)));
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        Map<Long, BigDecimal> rated = totals(api, scope, from, from + 72 * HOUR);
        while (!rated.equals(scaled) && System.nanoTime() < deadline) {
            Thread.sleep(500);
            rated = totals(api, scope, from, from + 72 * HOUR);
        }
        assertThat(rated).as(scope).isEqualTo(scaled);
    }
}
