package io.batchworks.engine.webhooks;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.annotation.PreDestroy;

import io.batchworks.engine.Timers;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;
import org.springframework.util.function.SingletonSupplier;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Sends the deliveries, on every node: twice a second it hands new events to their webhooks and leases the deliveries
 * that are due, which threads of its own ({@code batchworks.webhooks.threads}, never a task's) send, each within
 * {@code batchworks.webhooks.timeout}. A failed attempt is tried again after a back-off that doubles, up to the hook's
 * {@code retries}; a delivery that used them all up counts against the hook, which is disabled with its reason after
 * {@code batchworks.webhooks.disable-after} in a row. Every request is signed: {@code X-Batchworks-Signature:
 * v1=<hex HMAC-SHA256 of "<timestamp>.<body>" keyed with the hook's secret>}, the timestamp (epoch seconds) in
 * {@code X-Batchworks-Timestamp}; a {@code get} hook's body is its query string.
 */
@Component
class WebhookSender implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(WebhookSender.class);
    private static final long EVERY_MS = 500;
    private static final long PRUNE_EVERY_MS = 3_600_000;

    private final Deliveries deliveries;
    private final WebhookStore webhooks;
    private final Receivers receivers;
    private final WebhookSettings settings;
    private final JsonMapper json;
    /** Made at the first delivery, so that a start does not load the HTTP client it may never use. */
    private final SingletonSupplier<HttpClient> http;
    private final ExecutorService senders;
    private final Semaphore free;
    private final ScheduledExecutorService timer = Timers.daemon("webhook-deliveries");
    private long pruned;

    WebhookSender(Deliveries deliveries, WebhookStore webhooks, Receivers receivers, WebhookSettings settings, JsonMapper json) {
        this.deliveries = deliveries;
        this.webhooks = webhooks;
        this.receivers = receivers;
        this.settings = settings;
        this.json = json;
        this.http = SingletonSupplier.of(() -> HttpClient.newBuilder().connectTimeout(settings.timeout())
                .followRedirects(HttpClient.Redirect.NEVER).build());
        this.senders = Executors.newFixedThreadPool(settings.threads(), r -> {
            Thread t = new Thread(r, "webhook-sender");
            t.setDaemon(true);
            return t;
        });
        this.free = new Semaphore(settings.threads());
    }

    @Override
    public void run(ApplicationArguments args) {
        timer.scheduleWithFixedDelay(this::roundQuietly, EVERY_MS, EVERY_MS, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        timer.shutdownNow();
        senders.shutdownNow();
    }

    private void roundQuietly() {
        try {
            deliveries.fanOut();
            int most = free.availablePermits();
            if (most > 0) {
                for (Deliveries.Due due : deliveries.lease(most)) {
                    free.acquireUninterruptibly();
                    senders.execute(() -> {
                        try {
                            send(due);
                        } catch (RuntimeException e) {
                            log.warn("Webhook {}: event {} not sent now ({}); again once its lease is over", due.webhookId(), due.eventId(),
                                    e.getMessage());
                        } finally {
                            free.release();
                        }
                    });
                }
            }
            if (System.currentTimeMillis() - pruned > PRUNE_EVERY_MS) {
                deliveries.prune(System.currentTimeMillis() - settings.keep().toMillis());
                pruned = System.currentTimeMillis();
            }
        } catch (DataAccessException e) {
            log.warn("Webhook deliveries wait for the database ({})", e.getMessage());
        } catch (RuntimeException e) {
            log.error("A round of webhook deliveries failed", e);
        }
    }

    /** One attempt, and what it leaves: delivered, to try again, or failed for good. */
    void send(Deliveries.Due due) {
        Webhook hook = webhooks.find(due.webhookId()).orElse(null);
        if (hook == null || !hook.enabled()) {
            deliveries.attempted(due, false, null); // its hook is gone or disabled: nothing more to send
            return;
        }
        Integer code = null;
        String reason = receivers.refusal(hook.uri());
        if (reason == null) {
            try {
                HttpResponse<Void> reply = http.obtain().send(request(hook, due), HttpResponse.BodyHandlers.discarding());
                code = reply.statusCode();
                reason = code / 100 == 2 ? null : "the receiver answered " + code;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return; // shutting down: sent again once the lease is over
            } catch (Exception e) {
                reason = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            }
        }
        boolean delivered = reason == null;
        int retriesLeft = Math.max(hook.retries() - due.attempts(), 0); // after this attempt, were it to fail
        Long nextAt = delivered || retriesLeft == 0 ? null : System.currentTimeMillis() + settings.after(due.attempts() + 1).toMillis();
        Integer answered = code;
        String why = reason;
        deliveries.together().executeWithoutResult(t -> {
            webhooks.attempted(hook, due.eventId(), due.subjectId(), delivered, answered, why, retriesLeft);
            deliveries.attempted(due, delivered, nextAt);
            if (delivered || nextAt == null) {
                webhooks.outcome(hook, delivered, settings.disableAfter(), why);
            }
        });
        if (!delivered) {
            log.info("Webhook {}: event {} not delivered ({}){}", hook.id(), due.eventId(), why,
                    nextAt == null ? "; no retries left" : "; trying again");
        }
    }

    private HttpRequest request(Webhook hook, Deliveries.Due due) throws GeneralSecurityException {
        ObjectNode payload = (ObjectNode) json.readTree(due.payload());
        java.util.Set<String> modifiers = Hooks.modifiers(due.hook());
        hook.customData().properties().forEach(e -> {
            if (!modifiers.contains(e.getKey())) {
                payload.set(e.getKey(), e.getValue());
            }
        });
        long timestamp = System.currentTimeMillis() / 1000;
        HttpRequest.Builder request = HttpRequest.newBuilder().timeout(settings.timeout())
                .header("User-Agent", "Batchworks-Webhooks")
                .header("X-Batchworks-Event-Id", due.eventId())
                .header("X-Batchworks-Timestamp", Long.toString(timestamp));
        if (hook.httpVerb().equals("get")) {
            String query = query(payload);
            URI uri = URI.create(hook.uri() + (hook.uri().contains("?") ? "&" : "?") + query);
            return request.uri(uri).header("X-Batchworks-Signature", signature(hook.secret(), timestamp, query)).GET().build();
        }
        String body = json.writeValueAsString(payload);
        return request.uri(URI.create(hook.uri())).header("Content-Type", "application/json")
                .header("X-Batchworks-Signature", signature(hook.secret(), timestamp, body))
                .method(hook.httpVerb().toUpperCase(java.util.Locale.ROOT), HttpRequest.BodyPublishers.ofString(body)).build();
    }

    /** {@code v1=} and the hex HMAC-SHA256 of {@code "<timestamp>.<body>"} keyed with the hook's secret. */
    static String signature(String secret, long timestamp, String body) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return "v1=" + HexFormat.of().formatHex(mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
    }

    private static String query(JsonNode payload) {
        StringJoiner query = new StringJoiner("&");
        for (Map.Entry<String, JsonNode> e : payload.properties()) {
            String value = e.getValue().isValueNode() ? e.getValue().asString() : e.getValue().toString();
            query.add(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
        }
        return query.toString();
    }
}
