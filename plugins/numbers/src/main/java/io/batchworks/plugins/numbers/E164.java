package io.batchworks.plugins.numbers;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Normalises a dialled number to E.164 the way Kazoo's default converters do: a 10-digit NANP number gains
 * {@code +1}, {@code 1} + 10 digits gains {@code +}, international prefixes {@code 011} and {@code 00} become
 * {@code +}, and an explicit {@code +} keeps 8 to 15 digits. Spaces, dots, dashes and brackets are ignored.
 */
final class E164 {

    private static final Pattern SEPARATORS = Pattern.compile("[\\s.()\\-]");
    private static final Pattern NANP = Pattern.compile("\\+?1?([2-9]\\d{9})");
    private static final Pattern INTERNATIONAL = Pattern.compile("(?:\\+|011|00)([1-9]\\d{7,14})");

    private E164() {
    }

    /** The number in E.164, or {@code null} when it is not a number. */
    static String normalise(String raw) {
        if (raw == null) {
            return null;
        }
        String digits = SEPARATORS.matcher(raw).replaceAll("");
        Matcher nanp = NANP.matcher(digits);
        if (nanp.matches()) {
            return "+1" + nanp.group(1);
        }
        Matcher international = INTERNATIONAL.matcher(digits);
        return international.matches() ? "+" + international.group(1) : null;
    }
}
