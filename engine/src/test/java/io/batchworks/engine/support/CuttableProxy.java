package io.batchworks.engine.support;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy on the loopback interface to a local port (PostgreSQL's or RabbitMQ's), that a test cuts: every
 * connection through it is closed and new ones are refused, as when the network to the database fails or the database
 * restarts; and then restores, on the same port. It can also flap (many cuts at seeded random moments), and, for
 * PostgreSQL, fail one connection exactly at a transaction's end ({@link #failTransactionEnds}).
 */
public final class CuttableProxy implements AutoCloseable {

    /** What happens to a connection whose client ends a transaction (sends {@code COMMIT} or {@code ROLLBACK}). */
    public enum AtTransactionEnd {
        /** It passes. */
        PASS,
        /** The connection fails before the command reaches the database: the transaction is rolled back. */
        CUT_BEFORE,
        /** The database gets and answers the command, and the connection fails before the client reads the answer. */
        CUT_AFTER
    }

    /** Decides, for each {@code COMMIT} or {@code ROLLBACK} a client sends, what becomes of it. */
    @FunctionalInterface
    public interface TransactionEnds {
        /**
         * @param command    {@code COMMIT} or {@code ROLLBACK}
         * @param statements the SQL the transaction ran, each text once (its first hundred)
         */
        AtTransactionEnd at(String command, Set<String> statements);
    }

    private final int target;
    private final int port;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private volatile ServerSocket server;
    /** Null: bytes pass as they come, whatever the protocol. */
    private volatile TransactionEnds transactionEnds;

    public CuttableProxy(int target) throws IOException {
        this.target = target;
        this.server = listen(0);
        this.port = server.getLocalPort();
    }

    public int port() {
        return port;
    }

    /** How many connections clients made through the proxy so far. */
    public int connections() {
        return connections.get();
    }

    /** Closes every connection and stops accepting new ones. */
    public synchronized void cut() throws IOException {
        server.close();
        for (Socket s : sockets) {
            s.close();
        }
        sockets.clear();
    }

    /** Accepts connections again, on the same port. */
    public synchronized void restore() throws IOException {
        if (server.isClosed()) {
            server = listen(port);
        }
    }

    /**
     * Connections made from now on are read as PostgreSQL's protocol, and each transaction's end on them is passed or
     * failed as {@code ends} says, or as the function given by a later call says.
     */
    public void failTransactionEnds(TransactionEnds ends) {
        this.transactionEnds = ends;
    }

    /**
     * Cuts the link {@code cuts} times on a thread of its own, each cut lasting from {@code shortest} to {@code longest}
     * and the link up from {@code shortest} to {@code longestUp} between them, drawn from {@code seed}: join the thread
     * returned to wait for the link to be up for good.
     */
    public Thread flap(long seed, int cuts, Duration shortest, Duration longest, Duration longestUp) {
        Random random = new Random(seed);
        Thread flapping = new Thread(() -> {
            try {
                for (int i = 0; i < cuts; i++) {
                    Thread.sleep(random.nextLong(shortest.toMillis(), longestUp.toMillis() + 1));
                    cut();
                    Thread.sleep(random.nextLong(shortest.toMillis(), longest.toMillis() + 1));
                    restore();
                }
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException("the proxy could not flap", e);
            }
        }, "proxy-flap");
        flapping.setDaemon(true);
        flapping.start();
        return flapping;
    }

    @Override
    public void close() throws IOException {
        cut();
    }

    private ServerSocket listen(int onPort) throws IOException {
        ServerSocket listening = new ServerSocket();
        listening.setReuseAddress(true);
        listening.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), onPort), 50);
        Thread accept = new Thread(() -> accept(listening), "proxy-accept");
        accept.setDaemon(true);
        accept.start();
        return listening;
    }

    private void accept(ServerSocket listening) {
        while (!listening.isClosed()) {
            try {
                Socket client = listening.accept();
                connect(listening, client);
            } catch (IOException e) {
                // cut, or the target refused: the client sees its connection fail
            }
        }
    }

    /**
     * Under cut's lock: a connection accepted just before a cut, and joined after it, would otherwise outlive the cut
     * and leave the client connected through it.
     */
    private synchronized void connect(ServerSocket listening, Socket client) throws IOException {
        if (listening.isClosed()) {
            client.close();
            return;
        }
        Socket upstream;
        try {
            upstream = new Socket(InetAddress.getLoopbackAddress(), target);
        } catch (IOException refused) {
            client.close();
            throw refused;
        }
        sockets.add(client);
        sockets.add(upstream);
        connections.incrementAndGet();
        if (transactionEnds == null) {
            start(() -> pump(client, upstream));
            start(() -> pump(upstream, client));
        } else {
            Link link = new Link(client, upstream);
            start(link::requests);
            start(link::replies);
        }
    }

    private static void start(Runnable pumping) {
        Thread t = new Thread(pumping, "proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    private static void pump(Socket from, Socket to) {
        byte[] buffer = new byte[8192];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // one side closed
        } finally {
            closeBoth(from, to);
        }
    }

    private static void closeBoth(Socket a, Socket b) {
        try {
            a.close();
            b.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    /** One client's connection read as PostgreSQL's protocol, failed at a transaction's end when told to. */
    private final class Link {
        private final Socket client;
        private final Socket upstream;
        /** The transaction's end was sent through: the database's next answer is dropped, and the connection with it. */
        private volatile boolean dropAnswer;

        Link(Socket client, Socket upstream) {
            this.client = client;
            this.upstream = upstream;
        }

        void requests() {
            Map<String, String> statements = new HashMap<>();
            Set<String> transaction = new LinkedHashSet<>();
            try (InputStream in = client.getInputStream(); OutputStream out = new BufferedOutputStream(upstream.getOutputStream())) {
                PgFrames frames = new PgFrames(in);
                boolean cutAfterSync = false;
                for (PgFrames.Frame frame = frames.next(); frame != null; frame = frames.next()) {
                    String sql = frame.type() == 'B' ? statements.get(frame.statement()) : frame.sql();
                    if (frame.type() == 'P') {
                        statements.put(frame.statement(), sql);
                    }
                    AtTransactionEnd fault = AtTransactionEnd.PASS;
                    if ((frame.type() == 'B' || frame.type() == 'Q') && sql != null) {
                        fault = atEnd(sql, transaction);
                    }
                    if (fault == AtTransactionEnd.CUT_BEFORE) {
                        return;
                    }
                    out.write(frame.wire());
                    cutAfterSync |= fault == AtTransactionEnd.CUT_AFTER;
                    if (cutAfterSync && (frame.type() == 'S' || frame.type() == 'Q')) {
                        dropAnswer = true; // before the flush: the answer cannot come before it
                        cutAfterSync = false;
                    }
                    if (in.available() == 0) {
                        out.flush();
                    }
                }
            } catch (IOException e) {
                // one side closed
            } finally {
                closeBoth(client, upstream);
            }
        }

        /** What becomes of a statement about to run: a transaction's end is decided, anything else joins the transaction. */
        private AtTransactionEnd atEnd(String sql, Set<String> transaction) {
            String command = sql.strip().toUpperCase(Locale.ROOT);
            if (command.equals("BEGIN")) {
                transaction.clear(); // what ran before, outside a transaction, is not this one's
            }
            if (!command.equals("COMMIT") && !command.equals("ROLLBACK")) {
                if (transaction.size() < 100) {
                    transaction.add(sql);
                }
                return AtTransactionEnd.PASS;
            }
            AtTransactionEnd fault = transactionEnds.at(command, Set.copyOf(transaction));
            transaction.clear();
            return fault;
        }

        void replies() {
            byte[] buffer = new byte[8192];
            try (InputStream in = upstream.getInputStream(); OutputStream out = client.getOutputStream()) {
                for (int n = in.read(buffer); n >= 0 && !dropAnswer; n = in.read(buffer)) {
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // one side closed
            } finally {
                closeBoth(upstream, client);
            }
        }
    }
}
