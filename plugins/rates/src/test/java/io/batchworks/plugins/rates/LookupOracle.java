package io.batchworks.plugins.rates;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import javax.sql.DataSource;

import io.batchworks.testapi.Api;
import io.batchworks.engine.support.Engines;

import org.springframework.jdbc.core.JdbcTemplate;

import tools.jackson.databind.JsonNode;

/**
 * Kazoo's longest-prefix rule written again, as one plain SQL query per number, independent of the plugin's code:
 * the answers of {@code GET /v2/rates/number/{N}} (from a deck's in-memory index or not) must be this query's.
 */
final class LookupOracle {

    private static final String[] DIRECTIONS = {null, "inbound", "outbound"};

    private final JdbcTemplate jdbc;
    private final String deck;

    LookupOracle(DataSource dataSource, String deck) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.deck = deck;
    }

    /** The id of the rate the rule picks, or {@code null}: the number's prefixes tried from the longest. */
    Long expected(String number, String direction) {
        for (int length = number.length(); length >= 1; length--) {
            List<Long> best = jdbc.queryForList("SELECT id FROM rates WHERE ratedeck_id = ? AND prefix = ?"
                    + (direction == null ? "" : " AND (direction IS NULL OR direction = '" + direction + "')")
                    + " ORDER BY weight DESC, id FETCH FIRST 1 ROWS ONLY", Long.class, deck, number.substring(0, length));
            if (!best.isEmpty()) {
                return best.get(0);
            }
        }
        return null;
    }

    /**
     * Numbers to try: a random rate's prefix with random digits after it (to 11 digits, or a few more), and some wholly
     * random numbers, which mostly match short prefixes or none.
     */
    List<String> numbers(int count, long seed) {
        Random random = new Random(seed);
        List<String> prefixes = jdbc.queryForList("SELECT prefix FROM rates WHERE ratedeck_id = ? ORDER BY id", String.class, deck);
        List<String> numbers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            StringBuilder n = new StringBuilder(i % 5 == 4 || prefixes.isEmpty() ? "" : prefixes.get(random.nextInt(prefixes.size())));
            int length = Math.max(n.length() + 1, 11 + random.nextInt(4));
            while (n.length() < length) {
                n.append((char) ('0' + random.nextInt(10)));
            }
            numbers.add(n.toString());
        }
        return numbers;
    }

    /** Every number in every direction: the API's answer is the rule's. */
    void assertApiAgrees(Api api, List<String> numbers, String when) {
        for (String number : numbers) {
            for (String direction : DIRECTIONS) {
                Api.Reply reply = api.get("/v2/rates/number/" + number + "?ratedeck_id=" + deck
                        + (direction == null ? "" : "&direction=" + direction));
                Long expected = expected(number, direction);
                String answered = reply.status() == 404 ? null : reply.data().path("Rate-ID").asString();
                assertThat(answered).as("%s: %s, direction %s: %s", when, number, direction, reply.body())
                        .isEqualTo(expected == null ? null : expected.toString());
            }
        }
    }

    /** Waits until the node's index of the deck is built at the deck's current version, and returns that version. */
    long awaitIndexed(Api api) throws InterruptedException {
        long version = jdbc.queryForObject("SELECT version FROM rates_deck WHERE ratedeck_id = ?", Long.class, deck);
        api.get("/v2/rates/number/1?ratedeck_id=" + deck); // a lookup starts the build
        Engines.await(Duration.ofSeconds(60), "deck " + deck + " indexed at version " + version, () -> {
            api.get("/v2/rates/number/1?ratedeck_id=" + deck);
            for (JsonNode d : api.get("/v2/rates/lookup-index").data().path("ratedecks")) {
                if (d.path("ratedeck_id").asString().equals(deck) && d.path("state").asString().equals("indexed")
                        && d.path("indexed_version").asLong() == version) {
                    return true;
                }
            }
            return false;
        });
        return version;
    }
}
