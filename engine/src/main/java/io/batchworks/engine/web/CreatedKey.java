package io.batchworks.engine.web;

import io.batchworks.plugin.ApiException;

/**
 * The start key of a Kazoo list ordered by creation: {@code <created>:<id>}, as a previous page's
 * {@code next_start_key} gave it.
 */
public record CreatedKey(long created, String id) {

    /** The first page's: before every entry. */
    public static final CreatedKey FIRST = new CreatedKey(Long.MIN_VALUE, "");

    /** The key a client sent back; {@link #FIRST} for none; 400 naming {@code start_key} for one this API never gave. */
    public static CreatedKey parse(String startKey) {
        if (startKey == null) {
            return FIRST;
        }
        try {
            String[] parts = startKey.split(":", 2);
            return new CreatedKey(Long.parseLong(parts[0]), parts[1]);
        } catch (RuntimeException e) {
            throw ApiException.badRequest("start_key", "start_key is not a key this API returned");
        }
    }

    /** The key of an entry, to send as {@code next_start_key}. */
    public static String of(long created, String id) {
        return created + ":" + id;
    }
}
