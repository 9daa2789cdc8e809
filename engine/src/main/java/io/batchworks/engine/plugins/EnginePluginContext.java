package io.batchworks.engine.plugins;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import io.batchworks.engine.security.Access;
import io.batchworks.plugin.InvalidSettingException;
import io.batchworks.plugin.PluginContext;
import io.batchworks.plugin.accounts.Accounts;
import io.batchworks.plugin.accounts.Caller;
import io.batchworks.plugin.data.Database;
import io.batchworks.plugin.data.TableLoader;
import io.batchworks.plugin.jobs.Jobs;
import io.batchworks.plugin.tasks.Tasks;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.core.convert.ConversionException;
import org.springframework.web.servlet.function.ServerRequest;

/**
 * What one version of a plugin is handed: the engine's shared facilities ({@link PluginContexts}) and threads of its
 * own, which the engine stops when that version stops serving, whether or not the plugin stopped them itself.
 */
final class EnginePluginContext implements PluginContext {

    private static final Logger log = LoggerFactory.getLogger(EnginePluginContext.class);
    private static final long STOP_WAIT_MS = 5_000;

    private final PluginContexts engine;
    private final String pluginId;
    private final List<ScheduledExecutorService> executors = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    EnginePluginContext(PluginContexts engine, String pluginId) {
        this.engine = engine;
        this.pluginId = pluginId;
    }

    @Override
    public DataSource dataSource() {
        return engine.dataSource;
    }

    @Override
    public Database database() {
        return engine.database;
    }

    @Override
    public TableLoader tableLoader() {
        return engine.tableLoader;
    }

    @Override
    public <T> T setting(String key, Class<T> type, T defaultValue) {
        try {
            return engine.environment.getProperty(key, type, defaultValue);
        } catch (ConversionException e) {
            throw new InvalidSettingException(key, engine.environment.getProperty(key), "a " + type.getSimpleName().toLowerCase(Locale.ROOT));
        }
    }

    @Override
    public Duration duration(String key, ChronoUnit plainUnit, Duration defaultValue) {
        String value = engine.environment.getProperty(key);
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        try {
            return DurationStyle.detectAndParse(value.strip(), plainUnit);
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingException(key, value, "a duration (e.g. 5s, 500ms, 2h, PT5S, or a number of "
                    + plainUnit.toString().toLowerCase(Locale.ROOT) + ")");
        }
    }

    @Override
    public Accounts accounts() {
        return engine.accounts;
    }

    @Override
    public <T> Optional<T> service(Class<T> type) {
        return engine.services.find(type);
    }

    @Override
    public Tasks tasks() {
        return engine.tasks.getObject();
    }

    @Override
    public Caller caller(ServerRequest request) {
        return Access.caller();
    }

    @Override
    public Caller caller(ServerRequest request, String permission) {
        return Access.caller(permission);
    }

    @Override
    public Jobs jobs() {
        return engine.jobs.getObject();
    }

    @Override
    public Fetched fetch(String accountId, String path, String accept, Path target) throws IOException {
        return engine.fetch.fetch(accountId, path, accept, target);
    }

    @Override
    public ScheduledExecutorService executor(String name, int threads) {
        if (closed) {
            throw new IllegalStateException("plugin " + pluginId + " has stopped: it gets no more threads");
        }
        String prefix = "plugin-" + pluginId + "-" + name + "-";
        AtomicInteger count = new AtomicInteger();
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(Math.max(1, threads), r -> {
            Thread t = new Thread(r, prefix + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
        executors.add(executor);
        return executor;
    }

    /** Stops every thread this context handed out: interrupted, then waited for a little. */
    void close() {
        closed = true;
        executors.forEach(ScheduledExecutorService::shutdownNow);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(STOP_WAIT_MS);
        for (ScheduledExecutorService executor : executors) {
            try {
                if (!executor.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    log.warn("Plugin {}: a thread it was given did not stop within {} ms", pluginId, STOP_WAIT_MS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
