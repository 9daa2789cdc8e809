package io.batchworks.engine.tasks;

import java.time.Instant;
import java.time.format.DateTimeParseException;

import io.batchworks.plugin.ApiException;
import io.batchworks.plugin.web.KazooEnvelope;

/**
 * The filters of an account's tasks, as a list and the bulk actions take them: {@code category}, {@code action},
 * {@code status}, and {@code created_after} / {@code created_before}, each a time as Kazoo gives them (gregorian
 * seconds) or an ISO-8601 instant; 400 naming the parameter at fault.
 */
final class TaskSelection {

    private TaskSelection() {
    }

    static TaskStore.Filter of(String category, String action, String status, String createdAfter, String createdBefore) {
        if (given(status) != null && !TaskStatus.names().contains(given(status))) {
            throw ApiException.badRequest("status", "status must be one of " + TaskStatus.names());
        }
        return new TaskStore.Filter(given(category), given(action), given(status), time("created_after", createdAfter),
                time("created_before", createdBefore));
    }

    /** Epoch milliseconds, or null when not given. */
    private static Long time(String name, String given) {
        String value = given(given);
        if (value == null) {
            return null;
        }
        try {
            return value.chars().allMatch(Character::isDigit) ? (Long.parseLong(value) - KazooEnvelope.GREGORIAN_OFFSET) * 1000
                    : Instant.parse(value).toEpochMilli();
        } catch (NumberFormatException | DateTimeParseException e) {
            throw ApiException.badRequest(name, name + " must be gregorian seconds (as Kazoo gives times) or an ISO-8601 instant");
        }
    }

    private static String given(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
