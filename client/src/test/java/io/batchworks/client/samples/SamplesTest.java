package io.batchworks.client.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/** The sample generators: the same seed gives the same bytes, identities are unique, and every kind of bad row comes. */
class SamplesTest {

    @Test
    void theSameSeedGivesTheSameBytesAndAnotherSeedOthers() throws IOException {
        assertThat(ratedeck(1_000, 7, 10)).isEqualTo(ratedeck(1_000, 7, 10)).isNotEqualTo(ratedeck(1_000, 8, 10));
        assertThat(usage(1_000, 7, 10)).isEqualTo(usage(1_000, 7, 10)).isNotEqualTo(usage(1_000, 8, 10));
        assertThat(numbers(1_000, 7, 10)).isEqualTo(numbers(1_000, 7, 10)).isNotEqualTo(numbers(1_000, 8, 10));
    }

    @Test
    void aRatedecksRatesAreUniqueAndEachKindOfBadRowComesInTurn() throws IOException {
        List<String> lines = ratedeck(100_000, 42, 100).lines().toList();
        assertThat(lines.get(0)).isEqualTo(String.join(",", SampleRatedeck.HEADER));
        assertThat(lines).hasSize(100_001);
        Set<String> identities = new HashSet<>();
        int[] bad = new int[SampleRatedeck.Bad.values().length];
        for (int n = 1; n < lines.size(); n++) {
            String[] cells = lines.get(n).split(",", -1);
            if (n % 100 != 0) {
                assertThat(cells[0]).as("line %d", n + 1).matches("\\d{2,10}");
                assertThat(identities.add(cells[0] + "/" + cells[3])).as("unique %s", lines.get(n)).isTrue();
                assertThat(Double.parseDouble(cells[1])).isBetween(0.001, 0.9);
                continue;
            }
            SampleRatedeck.Bad kind = SampleRatedeck.Bad.values()[(n / 100) % bad.length];
            bad[kind.ordinal()]++;
            switch (kind) {
                case MISSING_PREFIX -> assertThat(cells[0]).isEmpty();
                case COST_NOT_NUMBER -> assertThat(cells[1]).isEqualTo("abc");
                case NEGATIVE_COST -> assertThat(cells[1]).isEqualTo("-0.5");
                case BAD_DIRECTION -> assertThat(cells[4]).isEqualTo("sideways");
                case PREFIX_LETTERS -> assertThat(cells[0]).matches("\\d{1,2}x9");
            }
        }
        assertThat(bad).containsOnly(200);
    }

    @Test
    void aRatedeckCanNameItsDeckInAColumn() throws IOException {
        StringBuilder out = new StringBuilder();
        SampleRatedeck.write(new SampleRatedeck.Options(3, 1, 0, "eu"), out);
        assertThat(out.toString().lines()).allMatch(l -> l.endsWith(",eu") || l.endsWith(",ratedeck_id")).hasSize(4);
    }

    @Test
    void callsFallInTheWindowWithUniqueIdsAndEachKindOfBadRow() throws IOException {
        List<String> lines = usage(10_000, 42, 50).lines().toList();
        assertThat(lines.get(0)).isEqualTo("scope_id,timestamp,number,direction,duration_s,call_id");
        Set<String> ids = new HashSet<>();
        Set<String> faults = new HashSet<>();
        Pattern time = Pattern.compile("2026-01-01T\\d\\d:\\d\\d:\\d\\d\\+00:00");
        for (int n = 1; n < lines.size(); n++) {
            String[] cells = lines.get(n).split(",", -1);
            assertThat(ids.add(cells[5])).isTrue();
            assertThat(cells[0]).isIn("a", "b");
            if (n % 50 == 0) {
                faults.add(!time.matcher(cells[1]).matches() ? "time" : !cells[2].matches("\\+\\d+") ? "number"
                        : !cells[3].matches("inbound|outbound") ? "direction" : !cells[4].matches("\\d+") ? "duration" : "none");
            } else {
                assertThat(cells[1]).matches(time);
                assertThat(cells[2]).matches("\\+\\d{9,13}");
                assertThat(cells[3]).matches("inbound|outbound");
                assertThat(Integer.parseInt(cells[4])).isBetween(0, 3600);
            }
        }
        assertThat(faults).containsExactlyInAnyOrder("time", "number", "direction", "duration");
    }

    @Test
    void numbersAreNorthAmericanE164EachOnceAndEachKindOfBadRowComes() throws IOException {
        List<String> lines = numbers(200_000, 42, 1000).lines().toList();
        Set<String> seen = new HashSet<>();
        Set<String> bad = new HashSet<>();
        for (int n = 1; n < lines.size(); n++) {
            if (n % 1000 == 0) {
                bad.add(lines.get(n));
            } else {
                assertThat(lines.get(n)).matches("\\+1[2-9]\\d{9}");
                assertThat(seen.add(lines.get(n))).as("each once").isTrue();
            }
        }
        assertThat(bad).containsExactlyInAnyOrder("+1415CALLME", "12345");
    }

    @Test
    void impossibleOptionsAreRefused() {
        assertThatThrownBy(() -> new SampleRatedeck.Options(-1, 1, 0, null)).hasMessageContaining("rows");
        assertThatThrownBy(() -> new SampleNumbers.Options(1, 1, -2)).hasMessageContaining("bad-every");
        assertThatThrownBy(() -> new SampleUsage.Options(1, 1, 0, List.of(), Instant.EPOCH, 1)).hasMessageContaining("scope");
    }

    private static String ratedeck(long rows, long seed, int badEvery) throws IOException {
        StringBuilder out = new StringBuilder();
        SampleRatedeck.write(new SampleRatedeck.Options(rows, seed, badEvery, null), out);
        return out.toString();
    }

    private static String usage(long rows, long seed, int badEvery) throws IOException {
        StringBuilder out = new StringBuilder();
        SampleUsage.write(new SampleUsage.Options(rows, seed, badEvery, Arrays.asList("a", "b"),
                Instant.parse("2026-01-01T00:00:00Z"), 24), out);
        return out.toString();
    }

    private static String numbers(long rows, long seed, int badEvery) throws IOException {
        StringBuilder out = new StringBuilder();
        SampleNumbers.write(new SampleNumbers.Options(rows, seed, badEvery), out);
        return out.toString();
    }
}
