package io.batchworks.engine.tasks;

import java.time.Instant;
import java.time.format.DateTimeParseException;

import jakarta.servlet.http.HttpServletRequest;

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

    static TaskStore.Filter of(HttpServletRequest request) {
        String status = given(request, "status");
        if (status != null && !TaskStatus.names().contains(status)) {
            throw ApiException.badRequest("status", "status must be one of " + TaskStatus.names());
        }
        return new TaskStore.Filter(given(request, "category"), given(request, "action"), status, time(request, "created_after"),
                time(request, "created_before"));
    }

    /** Epoch milliseconds, or null when not given. */
    private static Long time(HttpServletRequest request, String name) {
        String value = given(request, name);
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

    private static String given(HttpServletRequest request, String name) {
        String value = request.getParameter(name);
        return value == null || value.isBlank() ? null : value.strip();
    }
}
