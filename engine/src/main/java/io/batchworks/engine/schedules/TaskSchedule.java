package io.batchworks.engine.schedules;

import java.util.LinkedHashMap;
import java.util.Map;

import io.batchworks.plugin.ApiException;

import tools.jackson.databind.JsonNode;

/**
 * A task schedule as {@code bw_schedule} holds it. Times are epoch milliseconds.
 *
 * @param inputName the stored input's file name, or {@code null} while it has none
 * @param inputRows the stored input's rows
 * @param followUp  a task made with each fire's task, which waits for it; or {@code null}
 */
record TaskSchedule(String id, String accountId, String authAccountId, String name, String category, String action,
                    Map<String, String> params, Timing timing, Overlap overlap, Misfire misfire, boolean enabled,
                    String inputName, Long inputRows, FollowUp followUp, long created, long modified) {

    /** The most characters a schedule's parameters (and its follow-up's) take as JSON: half their column, for escapes. */
    private static final int MOST_PARAMS = 4000;

    /**
     * A task to make with each fire's task, which starts once that one has ended in a status {@code afterStatus}
     * accepts ({@code success}, {@code success_or_partial} or {@code any}, as {@code after_status} on a create).
     */
    record FollowUp(String category, String action, Map<String, String> params, String afterStatus) {
    }

    /**
     * The schedule a request's {@code data} describes, checked field by field (400 naming the field). Its id, owners,
     * input and times are the caller's to set.
     */
    static TaskSchedule read(JsonNode data, String id, String accountId, String authAccountId, long created) {
        if (!data.isObject()) {
            throw ApiException.badRequest("data", "data must be an object: the schedule");
        }
        String category = required(data, "category");
        String action = required(data, "action");
        Timing timing = Timing.of(text(data, "cron"), text(data, "time_zone"), text(data, "every"));
        JsonNode enabled = data.path("enabled");
        if (!enabled.isMissingNode() && !enabled.isBoolean()) {
            throw ApiException.badRequest("enabled", "enabled must be true or false");
        }
        String name = text(data, "name");
        if (name != null && name.length() > 255) {
            throw ApiException.badRequest("name", "name is at most 255 characters");
        }
        FollowUp followUp = null;
        JsonNode next = data.path("follow_up");
        if (!next.isMissingNode() && !next.isNull()) {
            if (!next.isObject()) {
                throw ApiException.badRequest("follow_up", "follow_up must be an object: category, action, params, after_status");
            }
            String afterStatus = text(next, "after_status");
            followUp = new FollowUp(required(next, "category"), required(next, "action"), params(next.path("params"), "follow_up.params"),
                    afterStatus == null ? "success_or_partial" : afterStatus);
        }
        return new TaskSchedule(id, accountId, authAccountId, name, category, action, params(data.path("params"), "params"), timing,
                Overlap.of(text(data, "overlap")), Misfire.of(text(data, "misfire")), enabled.asBoolean(true), null, null, followUp,
                created, System.currentTimeMillis());
    }

    /** The same schedule with the input it kept. */
    TaskSchedule withInput(String name, Long rows) {
        return new TaskSchedule(id, accountId, authAccountId, this.name, category, action, params, timing, overlap, misfire, enabled,
                name, rows, followUp, created, modified);
    }

    /** Whether its Quartz trigger must be made anew to follow a change to {@code other}. */
    boolean firesAsBefore(TaskSchedule other) {
        return timing.equals(other.timing) && misfire == other.misfire && enabled == other.enabled;
    }

    private static String required(JsonNode data, String field) {
        String value = text(data, field);
        if (value == null) {
            throw ApiException.badRequest(field, field + " is required");
        }
        return value;
    }

    private static String text(JsonNode data, String field) {
        JsonNode value = data.path(field);
        if (value.isMissingNode() || value.isNull()) {
            return null;
        }
        if (!value.isString() && !value.isNumber()) {
            throw ApiException.badRequest(field, field + " must be a string");
        }
        String text = value.asString().strip();
        return text.isEmpty() ? null : text;
    }

    private static Map<String, String> params(JsonNode params, String field) {
        Map<String, String> map = new LinkedHashMap<>();
        if (params.isMissingNode() || params.isNull()) {
            return map;
        }
        if (!params.isObject()) {
            throw ApiException.badRequest(field, field + " must be an object of the task's parameters");
        }
        params.properties().forEach(e -> {
            if (!e.getValue().isValueNode() || e.getValue().isNull()) {
                throw ApiException.badRequest(field, field + "." + e.getKey() + " must be a string, number or boolean");
            }
            map.put(e.getKey(), e.getValue().asString());
        });
        if (params.toString().length() > MOST_PARAMS) {
            throw ApiException.badRequest(field, field + " take at most " + MOST_PARAMS + " characters as JSON");
        }
        return map;
    }
}
