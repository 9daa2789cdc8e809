package io.batchworks.engine.security;

import org.springframework.security.web.firewall.StrictHttpFirewall;

/**
 * Spring Security's strict firewall with its header checks written as loops over the code points instead of regular
 * expressions: they run for each header a request's handling reads, on every request. They accept exactly what the
 * default patterns accept: a name whose every code point is assigned and not a control character, and a value
 * whose every code point is assigned and not a control character other than a tab.
 */
final class HeaderFirewall {

    private HeaderFirewall() {
    }

    static StrictHttpFirewall strict() {
        StrictHttpFirewall firewall = new StrictHttpFirewall();
        firewall.setAllowedHeaderNames(HeaderFirewall::allowedName);
        firewall.setAllowedHeaderValues(HeaderFirewall::allowedValue);
        return firewall;
    }

    static boolean allowedName(String name) {
        return each(name, false);
    }

    static boolean allowedValue(String value) {
        return each(value, true);
    }

    /** A plain loop: a stream of code points would cost more than the pattern it stands for. */
    private static boolean each(String s, boolean tab) {
        for (int i = 0; i < s.length(); ) {
            int c = s.codePointAt(i);
            if (!Character.isDefined(c) || Character.isISOControl(c) && !(tab && c == '\t')) {
                return false;
            }
            i += Character.charCount(c);
        }
        return true;
    }
}
