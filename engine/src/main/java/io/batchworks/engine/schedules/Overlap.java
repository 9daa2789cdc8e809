package io.batchworks.engine.schedules;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

import io.batchworks.plugin.ApiException;

/** What a fire does while the schedule's previous task still runs (or is yet to, or will be resumed). */
enum Overlap {
    /** Nothing: the fire is skipped, and told of as skipped. */
    SKIP,
    /** A task that waits for the previous one to end, whatever its status, then starts by itself. */
    QUEUE;

    static Overlap of(String wire) {
        return Choice.of(Overlap.class, "overlap", wire, SKIP);
    }

    /** The wire names of a schedule's policies: lower case. */
    static final class Choice {
        private Choice() {
        }

        static <E extends Enum<E>> E of(Class<E> type, String field, String wire, E absent) {
            if (wire == null) {
                return absent;
            }
            return Arrays.stream(type.getEnumConstants()).filter(e -> wire(e).equals(wire)).findFirst()
                    .orElseThrow(() -> ApiException.badRequest(field, field + " must be one of " + Arrays.stream(type.getEnumConstants())
                            .map(Choice::wire).collect(Collectors.joining(", "))));
        }

        static String wire(Enum<?> e) {
            return e.name().toLowerCase(Locale.ROOT);
        }
    }
}
