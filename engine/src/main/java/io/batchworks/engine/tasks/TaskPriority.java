package io.batchworks.engine.tasks;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import io.batchworks.plugin.ApiException;

/** Where a task stands in its account's queue of tasks waiting for a slot: high first, low last; the default normal. */
public enum TaskPriority {
    HIGH, NORMAL, LOW;

    /** The name in the API: {@code high}, {@code normal}, {@code low}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** As stored in {@code bw_task.priority}: the order of the queue. */
    int rank() {
        return ordinal();
    }

    static TaskPriority ofRank(int rank) {
        return values()[rank];
    }

    /** The priority a request names; {@code null} when it names none; 400 naming {@code field} for another value. */
    public static TaskPriority parse(String wire, String field) {
        if (wire == null || wire.isBlank()) {
            return null;
        }
        return Arrays.stream(values()).filter(p -> p.wire().equals(wire.strip().toLowerCase(Locale.ROOT))).findFirst()
                .orElseThrow(() -> ApiException.badRequest(field, field + " must be one of " + names()));
    }

    static List<String> names() {
        return Arrays.stream(values()).map(TaskPriority::wire).toList();
    }
}
