package io.batchworks.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PushbackInputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback proxy in front of an engine that loses the replies to the first {@code PUT}s: the request reaches the
 * engine whole, and once the engine starts answering, the client's connection is closed without a byte of the reply, as
 * a network that fails at the worst moment does. Everything else passes through.
 */
final class LostReplies implements AutoCloseable {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private final ServerSocket listening;
    private final int engine;
    private final AtomicInteger toLose;
    private final AtomicInteger lost = new AtomicInteger();

    LostReplies(int enginePort, int putsToLose) throws IOException {
        this.engine = enginePort;
        this.toLose = new AtomicInteger(putsToLose);
        this.listening = new ServerSocket(0, 50, LOOPBACK);
        daemon("lost-replies-accept", this::accept).start();
    }

    int port() {
        return listening.getLocalPort();
    }

    /** How many replies were lost so far. */
    int lost() {
        return lost.get();
    }

    private void accept() {
        while (!listening.isClosed()) {
            try {
                Socket client = listening.accept();
                daemon("lost-replies-connection", () -> serve(client)).start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket client) {
        try (client; Socket server = new Socket(LOOPBACK, engine)) {
            PushbackInputStream request = new PushbackInputStream(client.getInputStream(), 4);
            byte[] head = request.readNBytes(4);
            request.unread(head);
            boolean lose = new String(head, StandardCharsets.US_ASCII).equals("PUT ") && toLose.getAndDecrement() > 0;
            daemon("lost-replies-up", () -> pump(request, server)).start();
            InputStream reply = server.getInputStream();
            if (lose) {
                if (reply.read() >= 0) { // the engine answers: it did the work; the client never hears of it
                    lost.incrementAndGet();
                }
                return;
            }
            reply.transferTo(client.getOutputStream());
        } catch (IOException ended) {
            // either side closed
        }
    }

    private static void pump(InputStream from, Socket to) {
        try {
            OutputStream out = to.getOutputStream();
            from.transferTo(out);
            to.shutdownOutput();
        } catch (IOException ended) {
            // either side closed
        }
    }

    private static Thread daemon(String name, Runnable work) {
        Thread t = new Thread(work, name);
        t.setDaemon(true);
        return t;
    }

    @Override
    public void close() throws IOException {
        listening.close();
    }
}
