package io.batchworks.plugins.reprocess;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.batchworks.plugin.Row;
import io.batchworks.plugin.RowHandler;
import io.batchworks.plugin.RowRejectedException;
import io.batchworks.plugin.TaskInfo;
import io.batchworks.plugin.accounts.Accounts;

/** A {@code usage/import} row as a call: every field checked, so a bad row fails alone with its reason. */
final class UsageRows implements RowHandler<UsageRows.Call> {

    /** One call record; {@code started} in epoch seconds. */
    record Call(String scopeId, String callId, long started, String number, String direction, int durationS) {
    }

    /** Scopes already found to be accounts (accounts are not deleted), so a big import asks once per scope. */
    private final Set<String> knownScopes = ConcurrentHashMap.newKeySet();
    private final Accounts accounts;

    UsageRows(Accounts accounts) {
        this.accounts = accounts;
    }

    @Override
    public Call handle(Row row, TaskInfo task) throws RowRejectedException {
        String scope = require(row, "scope_id");
        if (!knownScopes.contains(scope)) {
            if (accounts.find(scope).isEmpty()) {
                throw new RowRejectedException("scope_id " + scope + " is not an account");
            }
            if (knownScopes.size() < 100_000) {
                knownScopes.add(scope);
            }
        }
        Long started = Periods.parse(require(row, "timestamp"));
        if (started == null) {
            throw new RowRejectedException("timestamp must be ISO 8601, e.g. 2021-06-01T00:00:00+00:00");
        }
        String number = require(row, "number");
        String digits = number.startsWith("+") ? number.substring(1) : number;
        if (digits.isEmpty() || digits.length() > 20 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new RowRejectedException("number must be digits, with or without a leading +");
        }
        String direction = require(row, "direction");
        if (!direction.equals("inbound") && !direction.equals("outbound")) {
            throw new RowRejectedException("direction must be inbound or outbound");
        }
        int duration;
        try {
            duration = Integer.parseInt(require(row, "duration_s"));
        } catch (NumberFormatException e) {
            throw new RowRejectedException("duration_s must be a whole number of seconds");
        }
        if (duration < 0) {
            throw new RowRejectedException("duration_s must not be negative");
        }
        String callId = row.get("call_id");
        if (callId == null) {
            callId = derivedId(started, digits, direction, duration);
        } else if (callId.length() > 128) {
            throw new RowRejectedException("call_id is longer than 128 characters");
        }
        return new Call(scope, callId, started, digits, direction, duration);
    }

    /** A call without an id is named by its fields, so importing the same file twice adds nothing. */
    private static String derivedId(long started, String number, String direction, int duration) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest((started + "|" + number + "|" + direction + "|" + duration).getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(hash, 0, 20);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String require(Row row, String column) throws RowRejectedException {
        String value = row.get(column);
        if (value == null) {
            throw new RowRejectedException(column + " is required");
        }
        return value;
    }
}
