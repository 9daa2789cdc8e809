package io.batchworks.engine;

import java.net.InetAddress;

/**
 * Addresses a request the engine makes on a user's word (a webhook's delivery, a task's input fetched from a URL)
 * must not reach unless an operator allows the host by name: loopback, link-local (cloud metadata services,
 * {@code 169.254.169.254} among them), wildcard, multicast, and the clouds' metadata addresses that are none of these.
 */
public final class PrivateAddresses {

    private PrivateAddresses() {
    }

    /** Whether the address is one of those. */
    public static boolean is(InetAddress address) {
        return address.isLoopbackAddress() || address.isLinkLocalAddress() || address.isAnyLocalAddress()
                || address.isMulticastAddress() || address.getHostAddress().equalsIgnoreCase("fd00:ec2:0:0:0:0:0:254");
    }
}
