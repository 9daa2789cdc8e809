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
        return name.codePoints().allMatch(c -> Character.isDefined(c) && !Character.isISOControl(c));
    }

    static boolean allowedValue(String value) {
        return value.codePoints().allMatch(c -> Character.isDefined(c) && (c == '\t' || !Character.isISOControl(c)));
    }
}
