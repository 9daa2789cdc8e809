package io.batchworks.plugins.reports;

import java.nio.file.Path;

/** A way to deliver a report, configured as a {@code reports.programs.<section>} of jobs-config. */
interface Program {

    /**
     * One report for one slot.
     *
     * @param content the data source's reply body
     */
    record Delivery(long serial, long slotUs, String description, String mimeType, String target, Path content) {

        long slotSeconds() {
            return Math.floorDiv(slotUs, 1_000_000L);
        }
    }

    /** Why {@code target} is no address for this program, or {@code null}. */
    String refusal(String target);

    /** Delivers; throws with a message the report's {@code last_error_detail} will show. */
    void send(Delivery delivery) throws Exception;
}
