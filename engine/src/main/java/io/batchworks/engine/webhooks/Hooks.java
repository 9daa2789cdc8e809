package io.batchworks.engine.webhooks;

import java.util.List;
import java.util.Map;

import io.batchworks.plugin.ApiException;

import tools.jackson.databind.JsonNode;

/**
 * The hooks a webhook may subscribe to, as {@code GET /v2/webhooks} lists them, with their modifiers: keys of a
 * webhook's {@code custom_data} that narrow which events it is told of (a value or a list of values) rather than being
 * added to them. {@code all} is every hook.
 */
final class Hooks {

    static final String ALL = "all";

    private static final List<Map<String, Object>> LISTED = List.of(
            Map.of("id", "task", "name", "task", "description", "A task started, ended (with its status and counts) or was stopped",
                    "modifiers", Map.of(
                            "event", modifier("Which moves", List.of("started", "ended", "stopped")),
                            "category", modifier("Task categories, e.g. rates", List.of()),
                            "action", modifier("Task actions, e.g. import", List.of()),
                            "status", modifier("The statuses the task is in",
                                    List.of("executing", "success", "partial", "failure", "stopped", "internal_error")))),
            Map.of("id", "schedule", "name", "schedule", "description", "A task schedule's fire was skipped, or fires were missed",
                    "modifiers", Map.of(
                            "event", modifier("Which happenings", List.of("fire_skipped", "fires_missed")),
                            "category", modifier("Task categories", List.of()),
                            "action", modifier("Task actions", List.of()))),
            Map.of("id", ALL, "name", ALL, "description", "Every event of every hook"));

    private Hooks() {
    }

    static List<Map<String, Object>> listed() {
        return LISTED;
    }

    static void require(String hook) {
        if (LISTED.stream().noneMatch(h -> h.get("id").equals(hook))) {
            throw ApiException.badRequest("hook", "hook must be one of task, schedule, all (GET /v2/webhooks)");
        }
    }

    /** The modifiers of the event's hook, whose values in {@code custom_data} filter rather than add. */
    @SuppressWarnings("unchecked")
    static java.util.Set<String> modifiers(String hook) {
        return LISTED.stream().filter(h -> h.get("id").equals(hook)).findFirst()
                .map(h -> ((Map<String, Object>) h.getOrDefault("modifiers", Map.of())).keySet()).orElse(java.util.Set.of());
    }

    /** Whether an event's payload passes the webhook's modifiers. */
    static boolean matches(Webhook webhook, String hook, JsonNode payload) {
        for (String key : modifiers(hook)) {
            JsonNode wanted = webhook.customData().path(key);
            if (wanted.isMissingNode() || wanted.isNull()) {
                continue;
            }
            String actual = payload.path(key).asString();
            List<JsonNode> values = wanted.isArray() ? wanted.valueStream().toList() : List.of(wanted);
            if (values.stream().noneMatch(v -> v.asString().equals(actual))) {
                return false;
            }
        }
        return true;
    }

    private static Map<String, Object> modifier(String description, List<String> items) {
        return items.isEmpty() ? Map.of("description", description, "type", "array", "items", Map.of("type", "string"))
                : Map.of("description", description, "type", "array", "items", items);
    }
}
