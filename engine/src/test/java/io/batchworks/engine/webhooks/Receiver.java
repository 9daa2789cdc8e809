package io.batchworks.engine.webhooks;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;

/**
 * A webhook receiver on the loopback interface: it keeps every request it gets, and answers 503 to the first
 * {@code refusing} of them (or to all while {@link #refuseAll} is set), 200 to the others; one may be made to stall.
 */
final class Receiver implements AutoCloseable {

    /** One request as it came: its method, query, body and the signature's headers, and what it was answered. */
    record Request(String method, String query, String body, String timestamp, String signature, String eventId, int answered) {
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger refusing;
    volatile boolean refuseAll;
    /** How long the next request waits before it is answered (once). */
    volatile long stallMs;

    Receiver(int refusing) throws IOException {
        this.refusing = new AtomicInteger(refusing);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            long stall = stallMs;
            stallMs = 0;
            if (stall > 0) {
                try {
                    Thread.sleep(stall);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            int status = refuseAll || this.refusing.getAndDecrement() > 0 ? 503 : 200;
            requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().getRawQuery(), body,
                    exchange.getRequestHeaders().getFirst("X-Batchworks-Timestamp"), exchange.getRequestHeaders().getFirst("X-Batchworks-Signature"),
                    exchange.getRequestHeaders().getFirst("X-Batchworks-Event-Id"), status));
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.setExecutor(threads); // a stalled request holds only its own thread
        server.start();
    }

    String uri() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    /** The requests answered 200. */
    List<Request> accepted() {
        return requests.stream().filter(r -> r.answered() == 200).toList();
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
