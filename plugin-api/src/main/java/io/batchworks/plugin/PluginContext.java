package io.batchworks.plugin;

import java.util.Optional;

import javax.sql.DataSource;

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

    /** A setting from {@code jobs-config} or the command line, e.g. {@code rates.export.fetch-size}. */
    <T> T setting(String key, Class<T> type, T defaultValue);

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
}
