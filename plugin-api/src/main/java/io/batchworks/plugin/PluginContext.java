package io.batchworks.plugin;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;

import javax.sql.DataSource;

import io.batchworks.plugin.accounts.Accounts;
import io.batchworks.plugin.accounts.Caller;
import io.batchworks.plugin.data.Database;
import io.batchworks.plugin.data.TableLoader;
import io.batchworks.plugin.jobs.Jobs;
import io.batchworks.plugin.tasks.Tasks;

import org.springframework.web.servlet.function.ServerRequest;

/** What the engine hands a plugin. */
public interface PluginContext {

    /**
     * The engine's database. Inside a {@link ChunkWriter} a connection from it takes part in the chunk's
     * transaction, so the chunk's rows and the task's progress commit together.
     */
    DataSource dataSource();

    /** Which database {@link #dataSource()} is, for the few statements whose syntax differs. */
    Database database();

    /** Bulk loads rows into a table in the chunk's transaction, by the fastest means the database has. */
    TableLoader tableLoader();

    /**
     * A setting from {@code jobs-config} or the command line, e.g. {@code rates.export.fetch-size}.
     *
     * @throws InvalidSettingException when the value is not of the type (the message names the key)
     */
    <T> T setting(String key, Class<T> type, T defaultValue);

    /**
     * A duration setting, as Spring Boot reads them: {@code 5s}, {@code 500ms}, {@code 2h}, ISO-8601 {@code PT5S}, or a
     * plain number in {@code plainUnit} (the unit the setting had before units were accepted, usually seconds).
     *
     * @throws InvalidSettingException when the value is none of these (the message names the key)
     */
    Duration duration(String key, ChronoUnit plainUnit, Duration defaultValue);

    /** The accounts known to the engine. */
    Accounts accounts();

    /**
     * A service another plugin offers ({@link BatchworksPlugin#services}), looked up when called: empty while no
     * loaded plugin offers it. Look it up where it is used rather than keeping it, so a reloaded plugin's is found.
     */
    <T> Optional<T> service(Class<T> type);

    /** The engine's tasks: start one of a loaded type, follow it, resume the stalled ones. */
    Tasks tasks();

    /** Who sent a request to one of the plugin's routes. */
    Caller caller(ServerRequest request);

    /**
     * The caller of one of the plugin's routes if its token carries {@code permission}: a full token, or one limited
     * to permissions that include it (Taler's {@code reports-read}, say); else an {@link ApiException} 403.
     * {@link #caller(ServerRequest)} accepts full tokens only.
     */
    Caller caller(ServerRequest request, String permission);

    /**
     * Threads of the plugin's own, e.g. a pool that sends reports or a local timer. The engine owns them: when this
     * version of the plugin stops serving (replaced, removed, or the engine shuts down) it calls
     * {@link BatchworksPlugin#close()}, then stops these threads (interrupted, waited for a little) whether or not
     * the plugin did. Prefer this to creating threads: a thread the plugin starts itself outlives it unless its
     * {@code close()} stops it.
     *
     * @param name    part of the threads' names ({@code plugin-<id>-<name>-<n>}), for thread dumps
     * @param threads how many threads the pool has
     */
    ScheduledExecutorService executor(String name, int threads);

    /** Work run as Spring Batch job executions keyed so that each key runs to completion at most once. */
    Jobs jobs();

    /**
     * Reads one of this engine's own {@code GET} routes as the account would (its permissions, not more), streaming
     * the body into {@code target}. The request never leaves the engine's host: {@code path} is checked (absolute
     * URLs, {@code //}, {@code ..} are refused with an {@link IllegalArgumentException}) and sent to the engine's own
     * port on the loopback interface.
     *
     * @param path   e.g. {@code /v2/summary?groupby=scope_id}
     * @param accept the {@code Accept} header, e.g. {@code text/csv}
     */
    Fetched fetch(String accountId, String path, String accept, Path target) throws IOException;

    /**
     * What {@link #fetch} got.
     *
     * @param status      the HTTP status
     * @param contentType the reply's {@code Content-Type}, or {@code null}
     */
    record Fetched(int status, String contentType) {
    }
}
