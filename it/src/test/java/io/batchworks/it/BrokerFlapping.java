package io.batchworks.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.batchworks.engine.support.CuttableProxy;
import io.batchworks.engine.support.LinkFaults;

/** The seeded cuts of every node's link to the broker ({@link LinkFaults}), from the start of a split task. */
final class BrokerFlapping {

    private final CuttableProxy broker;
    private final int connected;
    private final Thread cuts;

    BrokerFlapping(CuttableProxy broker) {
        this.broker = broker;
        this.connected = broker.connections();
        this.cuts = LinkFaults.flapping(broker);
    }

    /** Waits for the link to be up for good, and checks that the cuts met connections in use. */
    void assertLanded() throws InterruptedException {
        cuts.join();
        assertThat(broker.connections() - connected).as("links to the broker cut and made again").isPositive();
    }
}
