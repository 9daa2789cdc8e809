package io.batchworks.plugin;

/**
 * Thrown by a {@link RowHandler} for a malformed row: the row fails alone, with this message as its reason
 * in the task's {@code out.csv}; the other rows go on.
 */
public class RowRejectedException extends Exception {

    /** @param reason what is wrong with the row, as the user will read it in {@code out.csv} */
    public RowRejectedException(String reason) {
        super(reason, null, false, false);
    }
}
