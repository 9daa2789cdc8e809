package io.batchworks.plugins.reports;

import java.util.LinkedHashMap;
import java.util.Map;

import io.batchworks.plugin.web.EnginePaths;

import tools.jackson.databind.JsonNode;

/**
 * Taler's {@code ReportAddRequest}, checked field by field in the order Taler's documentation lists them: the first bad field is a
 * 400 (code 26) naming it; a {@code program_section} that is not configured is a 501.
 */
record ReportSpec(String description, String programSection, String mimeType, String dataSource, String targetAddress,
                  long frequencyUs, long shiftUs) {

    /** Below this a report would keep a node busy for nothing: one a second at most. */
    static final long MIN_FREQUENCY_US = 1_000_000L;

    static ReportSpec read(JsonNode body, Instance instance, Programs programs) {
        if (body == null || !body.isObject()) {
            throw TalerErrors.error(400, TalerErrors.GENERIC_JSON_INVALID, "the body must be a ReportAddRequest object", null);
        }
        String description = text(body, "description", true);
        String section = text(body, "program_section", false);
        String mime = text(body, "mime_type", false);
        if (!mime.matches("[\\w.+-]+/[\\w.+-]+(\\s*;.*)?")) {
            throw TalerErrors.malformed("mime_type", "must be a media type, e.g. text/csv");
        }
        String source = text(body, "data_source", false);
        String refused = EnginePaths.refusal(source);
        if (refused == null) {
            refused = instance.outside(source);
        }
        if (refused != null) {
            throw TalerErrors.malformed("data_source", refused);
        }
        String target = text(body, "target_address", false);
        long frequency = RelativeTime.read(body.path("report_frequency"), "report_frequency");
        if (frequency == RelativeTime.FOREVER || frequency < MIN_FREQUENCY_US) {
            throw TalerErrors.malformed("report_frequency", "must be at least one second and not forever");
        }
        long shift = 0;
        if (!body.path("report_frequency_shift").isMissingNode() && !body.path("report_frequency_shift").isNull()) {
            shift = RelativeTime.read(body.path("report_frequency_shift"), "report_frequency_shift");
            if (shift == RelativeTime.FOREVER) {
                throw TalerErrors.malformed("report_frequency_shift", "must not be forever");
            }
        }
        Program program = programs.find(section).orElseThrow(() -> TalerErrors.error(501, TalerErrors.REPORT_GENERATOR_UNCONFIGURED,
                "the report generator " + section + " is not configured", section));
        String targetRefused = program.refusal(target);
        if (targetRefused != null) {
            throw TalerErrors.malformed("target_address", targetRefused);
        }
        return new ReportSpec(description, section, mime, source, target, frequency, shift);
    }

    private static String text(JsonNode body, String field, boolean mayBeEmpty) {
        JsonNode node = body.path(field);
        if (!node.isString() || (!mayBeEmpty && node.asString().isBlank())) {
            throw TalerErrors.malformed(field, node.isMissingNode() ? "is missing" : "must be a non-empty string");
        }
        return node.asString();
    }

    Schedule schedule() {
        return new Schedule(frequencyUs, shiftUs);
    }

    /** The request's own fields, as the detail view shows them. */
    Map<String, Object> view() {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("description", description);
        view.put("program_section", programSection);
        view.put("mime_type", mimeType);
        view.put("data_source", dataSource);
        view.put("target_address", targetAddress);
        view.put("report_frequency", RelativeTime.write(frequencyUs));
        view.put("report_frequency_shift", RelativeTime.write(shiftUs));
        return view;
    }
}
