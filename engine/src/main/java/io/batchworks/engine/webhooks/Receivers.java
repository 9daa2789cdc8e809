package io.batchworks.engine.webhooks;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import io.batchworks.engine.PrivateAddresses;
import io.batchworks.plugin.ApiException;

import org.springframework.stereotype.Component;

/**
 * Where webhooks may send: {@code http} and {@code https} URIs whose host is not a private address
 * ({@link PrivateAddresses}: loopback, link-local, metadata services), unless the host is in
 * {@code batchworks.webhooks.allowed-hosts}. Checked when a hook is saved and again before each delivery, since a
 * name may come to point elsewhere.
 */
@Component
class Receivers {

    private final Set<String> allowed;

    Receivers(WebhookSettings settings) {
        this.allowed = settings.allowedHosts().stream().map(h -> h.strip().toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
    }

    /** The URI, checked: 400 naming {@code uri} when it may not be sent to. */
    URI check(String uri) {
        String why = refusal(uri);
        if (why != null) {
            throw ApiException.badRequest("uri", why);
        }
        return URI.create(uri);
    }

    /** Why the URI may not be sent to, or {@code null} when it may. */
    String refusal(String uri) {
        URI parsed;
        try {
            parsed = new URI(uri);
        } catch (Exception e) {
            return "uri is not a URI: " + uri;
        }
        String scheme = parsed.getScheme() == null ? "" : parsed.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || parsed.getHost() == null) {
            return "uri must be an http or https URL with a host";
        }
        String host = parsed.getHost().toLowerCase(Locale.ROOT);
        if (allowed.contains(host)) {
            return null;
        }
        try {
            for (InetAddress address : InetAddress.getAllByName(host)) {
                if (PrivateAddresses.is(address)) {
                    return "uri's host " + host + " is " + address.getHostAddress() + ", a loopback, link-local or metadata"
                            + " address; batchworks.webhooks.allowed-hosts lets one through";
                }
            }
        } catch (UnknownHostException e) {
            return "uri's host " + host + " is not known";
        }
        return null;
    }
}
