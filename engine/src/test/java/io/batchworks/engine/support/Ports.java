package io.batchworks.engine.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A port for a process a test starts, which binds it seconds later. Taken below the kernel's ephemeral range (which
 * starts at 32768 by default): a port the kernel hands out (a {@code ServerSocket(0)}, or the local end of any
 * outgoing connection, of which the tests open many) could be taken by a connection in between.
 */
public final class Ports {

    private static final int FIRST = 20_000;
    private static final int LAST = 32_000;

    private Ports() {
    }

    /** A port that nothing listens on now, drawn at random so that concurrent tests seldom draw the same one. */
    public static int free() {
        for (int attempt = 0; attempt < 100; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(FIRST, LAST);
            try (ServerSocket socket = new ServerSocket(port)) { // every address, as the engine binds it
                return port;
            } catch (IOException taken) {
                // another one
            }
        }
        throw new IllegalStateException("no free port between " + FIRST + " and " + LAST);
    }
}
