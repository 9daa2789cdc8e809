package io.batchworks.engine.tasks;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;

import io.batchworks.engine.Timers;
import io.batchworks.engine.security.Access;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import io.swagger.v3.oas.annotations.Operation;

/**
 * {@code GET /v2/accounts/{A}/task_events}: Server-Sent Events of an account's tasks as they change, for the console.
 * One poller reads the task table about once a second for every subscriber (so progress made on other nodes shows
 * too) and sends each a {@code tasks} event with the tasks changed since its last one, as the tasks API shows them
 * (status, counts, rows per second, ETA). A comment line goes out every 15 s so proxies keep the stream open; the
 * stream ends after 30 minutes and the client reconnects.
 */
@RestController
class TaskEvents {

    private static final Logger log = LoggerFactory.getLogger(TaskEvents.class);
    private static final long POLL_MS = 1000;
    private static final long HEARTBEAT_MS = 15_000;
    private static final Duration LIFETIME = Duration.ofMinutes(30);

    private final TaskStore tasks;
    private final TaskFiles files;
    private final Map<SseEmitter, Subscription> subscriptions = new ConcurrentHashMap<>();
    private final ScheduledExecutorService poller = Timers.daemon("task-events");

    private static final class Subscription {
        final String account;
        long seen;
        long lastSent = System.currentTimeMillis();

        Subscription(String account, long seen) {
            this.account = account;
            this.seen = seen;
        }
    }

    TaskEvents(TaskStore tasks, TaskFiles files) {
        this.tasks = tasks;
        this.files = files;
        poller.scheduleWithFixedDelay(this::poll, POLL_MS, POLL_MS, TimeUnit.MILLISECONDS);
    }

    @Operation(summary = "An account's tasks as they change (Server-Sent Events)")
    @GetMapping({"/v2/accounts/{account}/task_events"})
    SseEmitter subscribe(@PathVariable String account) {
        Access.requireAccount(Access.caller(), account);
        SseEmitter emitter = new SseEmitter(LIFETIME.toMillis());
        Subscription subscription = new Subscription(account, System.currentTimeMillis() - POLL_MS);
        emitter.onCompletion(() -> subscriptions.remove(emitter));
        emitter.onTimeout(() -> subscriptions.remove(emitter));
        emitter.onError(e -> subscriptions.remove(emitter));
        subscriptions.put(emitter, subscription);
        try {
            // at once, so the client has the stream's headers now, not at the first change or heartbeat
            emitter.send(SseEmitter.event().comment("subscribed"));
        } catch (IOException gone) {
            subscriptions.remove(emitter);
        }
        return emitter;
    }

    /**
     * Ends every stream as the engine begins to stop: an open stream is a request in progress, and the web server's
     * graceful shutdown would otherwise wait its whole timeout for it.
     */
    @EventListener(ContextClosedEvent.class)
    void closing() {
        subscriptions.keySet().forEach(SseEmitter::complete);
        subscriptions.clear();
    }

    private void poll() {
        long now = System.currentTimeMillis();
        subscriptions.forEach((emitter, s) -> {
            try {
                List<Task> changed = tasks.changedSince(s.account, s.seen, 500);
                if (!changed.isEmpty()) {
                    s.seen = changed.get(changed.size() - 1).modified();
                    emitter.send(SseEmitter.event().name("tasks").data(changed.stream().map(t -> TaskViews.readOnly(t, files)).toList()));
                    s.lastSent = now;
                } else if (now - s.lastSent >= HEARTBEAT_MS) {
                    emitter.send(SseEmitter.event().comment("heartbeat"));
                    s.lastSent = now;
                }
            } catch (IOException | IllegalStateException gone) {
                subscriptions.remove(emitter);
            } catch (RuntimeException e) {
                log.debug("Task events for {} failed this time", s.account, e);
            }
        });
    }

    @PreDestroy
    void stop() {
        poller.shutdownNow();
        subscriptions.keySet().forEach(SseEmitter::complete);
    }
}
