package io.batchworks.engine.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/** The firewall's header checks accept exactly what Spring Security's default patterns accept, code point by code point. */
class HeaderFirewallTest {

    /** Spring Security's defaults for header names and values. */
    private static final Pattern NAMES = Pattern.compile("[\\p{IsAssigned}&&[^\\p{IsControl}]]*");
    private static final Pattern VALUES = Pattern.compile("[\\p{IsAssigned}&&[[^\\p{IsControl}]||\\t]]*");

    @Test
    void everyCodePointIsJudgedAsByTheDefaultPatterns() {
        int refusedNames = 0;
        for (int c = 0; c <= Character.MAX_CODE_POINT; c++) {
            String one = new String(Character.toChars(c));
            assertThat(HeaderFirewall.allowedName(one)).as("name U+%04X", c).isEqualTo(NAMES.matcher(one).matches());
            assertThat(HeaderFirewall.allowedValue(one)).as("value U+%04X", c).isEqualTo(VALUES.matcher(one).matches());
            refusedNames += HeaderFirewall.allowedName(one) ? 0 : 1;
        }
        assertThat(refusedNames).as("control characters and unassigned code points").isGreaterThan(65 + 800_000);
    }

    @Test
    void aStringPassesOnlyWhenEachOfItsCodePointsDoes() {
        for (String s : new String[] {"", "X-Auth-Token", "a\tb", "a\u0085b", "\uD83D\uDE00", "\uD83D", "x\u0378", "tab\t\u0000"}) {
            assertThat(HeaderFirewall.allowedName(s)).as("name %s", s).isEqualTo(NAMES.matcher(s).matches());
            assertThat(HeaderFirewall.allowedValue(s)).as("value %s", s).isEqualTo(VALUES.matcher(s).matches());
        }
    }
}
