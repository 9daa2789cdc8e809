package io.batchworks.plugins.reports;

import java.util.Map;

import tools.jackson.databind.JsonNode;

/** Taler's RelativeTime, {@code {"d_us": <microseconds> | "forever"}}: read and written here. */
final class RelativeTime {

    static final long FOREVER = Long.MAX_VALUE;

    private RelativeTime() {
    }

    /** Microseconds, {@link #FOREVER}, or a 400 naming {@code field}. */
    static long read(JsonNode node, String field) {
        JsonNode us = node.path("d_us");
        if (!node.isObject() || us.isMissingNode()) {
            throw TalerErrors.malformed(field, "must be a RelativeTime, {\"d_us\": <integer> | \"forever\"}");
        }
        if (us.isString() && us.asString().equals("forever")) {
            return FOREVER;
        }
        if (!us.isIntegralNumber() || !us.canConvertToLong() || us.asLong() < 0) {
            throw TalerErrors.malformed(field, "d_us must be a non-negative integer of microseconds, or \"forever\"");
        }
        return us.asLong();
    }

    static Map<String, Object> write(long us) {
        return Map.of("d_us", us == FOREVER ? "forever" : us);
    }
}
