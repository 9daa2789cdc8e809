package io.batchworks.plugins.reports;

import java.util.Map;

/**
 * A scheduled report and where its schedule stands.
 *
 * @param nextSlotUs the slot to transmit next (epoch microseconds)
 * @param retryAtUs  after a failed transmission: not before this; {@code null} otherwise
 */
record Report(long serial, String instanceId, String accountId, ReportSpec spec, long nextSlotUs, Long retryAtUs,
              int attempts, long sent, long skipped, Integer lastErrorCode, String lastErrorDetail) {

    /** Taler's detail view, with how many slots were sent and skipped. */
    Map<String, Object> view() {
        Map<String, Object> view = new java.util.LinkedHashMap<>();
        view.put("report_serial", serial);
        view.putAll(spec.view());
        long next = retryAtUs == null ? nextSlotUs : Math.max(nextSlotUs, retryAtUs);
        view.put("next_transmission", Map.of("t_s", Math.floorDiv(next, 1_000_000L)));
        if (lastErrorCode != null) {
            view.put("last_error_code", lastErrorCode);
            view.put("last_error_detail", lastErrorDetail);
        }
        view.put("transmissions_sent", sent);
        view.put("transmissions_skipped", skipped);
        return view;
    }
}
