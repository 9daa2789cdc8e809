package io.batchworks.engine.web;

import io.batchworks.plugin.ApiException;

import tools.jackson.databind.JsonNode;

/** The fields a request may change of a document, for routes that change one field of it alone. */
public final class ChangedFields {

    private ChangedFields() {
    }

    /**
     * Refuses any field of {@code data} but {@code field}: 400 naming the first other one.
     *
     * @param whose the document, as the message names it, e.g. {@code a task's}
     */
    public static void onlyChanges(JsonNode data, String field, String whose) {
        data.propertyNames().stream().filter(f -> !f.equals(field)).findFirst().ifPresent(f -> {
            throw ApiException.badRequest(f, f + " does not change: " + whose + " " + field + " alone does");
        });
    }
}
