package io.batchworks.engine.webhooks;

import java.util.Locale;
import java.util.Map;

import io.batchworks.plugin.ApiException;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * A Kazoo webhook as {@code bw_webhook} holds it.
 *
 * @param customData   added to each event's payload; for the hook's modifiers ({@link Hooks}) a filter instead
 * @param secret       the key of each delivery's signature
 * @param failures     deliveries in a row that used up their retries
 */
record Webhook(String id, String accountId, String name, String uri, String httpVerb, String hook, int retries,
               JsonNode customData, boolean enabled, boolean includeSubaccounts, String secret, String disableReason,
               int failures, long created) {

    /** Kazoo's limit on retries. */
    static final int MOST_RETRIES = 4;

    /** The webhook a request's {@code data} describes, checked field by field (400 naming the field). */
    static Webhook read(JsonNode data, String id, String accountId, String secret, long created) {
        if (!data.isObject()) {
            throw ApiException.badRequest("data", "data must be an object: the webhook");
        }
        String name = text(data, "name", true);
        String uri = text(data, "uri", true);
        if (name.length() > 255 || uri.length() > 2048) {
            throw ApiException.badRequest(name.length() > 255 ? "name" : "uri", "name is at most 255 characters, uri 2048");
        }
        String verb = text(data, "http_verb", false);
        verb = verb == null ? "post" : verb.toLowerCase(Locale.ROOT);
        if (!verb.equals("get") && !verb.equals("post") && !verb.equals("put")) {
            throw ApiException.badRequest("http_verb", "http_verb must be get, post or put");
        }
        String hook = text(data, "hook", true);
        Hooks.require(hook);
        JsonNode retries = data.path("retries");
        if (!retries.isMissingNode() && !(retries.isIntegralNumber() && retries.asInt() >= 0 && retries.asInt() <= MOST_RETRIES)) {
            throw ApiException.badRequest("retries", "retries must be an integer from 0 to " + MOST_RETRIES);
        }
        JsonNode custom = data.path("custom_data");
        if (custom.isMissingNode() || custom.isNull()) {
            custom = JsonNodeFactory.instance.objectNode();
        } else if (!custom.isObject() || custom.toString().length() > 4000) {
            throw ApiException.badRequest("custom_data", "custom_data must be an object of at most 4000 characters as JSON");
        }
        return new Webhook(id, accountId, name, uri, verb, hook, retries.asInt(2), custom, flag(data, "enabled", true),
                flag(data, "include_subaccounts", false), secret, null, 0, created);
    }

    /** The same hook with the engine's record of its deliveries: why it disabled it, the failures in a row. */
    Webhook withState(String reason, int failuresInARow) {
        return new Webhook(id, accountId, name, uri, httpVerb, hook, retries, customData, enabled, includeSubaccounts, secret, reason,
                failuresInARow, created);
    }

    /** Kazoo's view, with its secret for its owners. */
    Map<String, Object> view() {
        Map<String, Object> v = new java.util.LinkedHashMap<>();
        v.put("id", id);
        v.put("name", name);
        v.put("uri", uri);
        v.put("http_verb", httpVerb);
        v.put("hook", hook);
        v.put("retries", retries);
        v.put("custom_data", customData);
        v.put("enabled", enabled);
        v.put("include_subaccounts", includeSubaccounts);
        if (disableReason != null) {
            v.put("disable_reason", disableReason);
        }
        v.put("secret", secret);
        return v;
    }

    private static String text(JsonNode data, String field, boolean required) {
        JsonNode value = data.path(field);
        if (value.isMissingNode() || value.isNull() || value.isString() && value.asString().isBlank()) {
            if (required) {
                throw ApiException.badRequest(field, field + " is required");
            }
            return null;
        }
        if (!value.isString()) {
            throw ApiException.badRequest(field, field + " must be a string");
        }
        return value.asString().strip();
    }

    private static boolean flag(JsonNode data, String field, boolean absent) {
        JsonNode value = data.path(field);
        if (value.isMissingNode() || value.isNull()) {
            return absent;
        }
        if (!value.isBoolean()) {
            throw ApiException.badRequest(field, field + " must be true or false");
        }
        return value.asBoolean();
    }
}
