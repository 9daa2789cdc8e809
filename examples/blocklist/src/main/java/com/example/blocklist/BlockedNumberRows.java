package com.example.blocklist;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.regex.Pattern;

import io.batchworks.plugin.Row;
import io.batchworks.plugin.RowHandler;
import io.batchworks.plugin.RowRejectedException;
import io.batchworks.plugin.TaskInfo;

/** Checks an import row: a bad cell rejects the row alone, with a reason the operator can act on. */
final class BlockedNumberRows implements RowHandler<BlockedNumber> {

    static final List<String> REASONS = List.of("fraud", "spam", "robocall", "other");
    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{7,14}");

    @Override
    public BlockedNumber handle(Row row, TaskInfo task) throws RowRejectedException {
        String number = row.get("number");
        if (number == null || !E164.matcher(number).matches()) {
            throw new RowRejectedException("number must be E.164, e.g. +14155550100");
        }
        String reason = row.get("reason") == null ? null : row.get("reason").toLowerCase();
        if (!REASONS.contains(reason)) {
            throw new RowRejectedException("reason must be one of " + String.join(", ", REASONS));
        }
        LocalDate expires = null;
        if (row.get("expires") != null) {
            try {
                expires = LocalDate.parse(row.get("expires"));
            } catch (DateTimeParseException e) {
                throw new RowRejectedException("expires must be a date, yyyy-mm-dd");
            }
        }
        return new BlockedNumber(task.accountId(), number, reason, expires);
    }
}
