/**
 * The Batchworks plugin API: everything a plugin compiles against.
 *
 * <p>A plugin is a JAR in the engine's plugins directory. Its {@link io.batchworks.plugin.BatchworksPlugin}
 * implementation is listed in {@code META-INF/services/io.batchworks.plugin.BatchworksPlugin} and declares
 * {@link io.batchworks.plugin.TaskType}s. The engine reads input CSV, records per-row outcomes, commits each
 * chunk with its progress, restarts crashed runs and serves the tasks API; a plugin only says how one row
 * becomes an item ({@link io.batchworks.plugin.RowHandler}) and how a chunk of items is written
 * ({@link io.batchworks.plugin.ChunkWriter}), or which query an export streams ({@link io.batchworks.plugin.ExportQuery}).
 *
 * <p>This package is the contract every plugin needs. Its sub-packages hold what some plugins need:
 * {@link io.batchworks.plugin.accounts} (the accounts and who calls a route), {@link io.batchworks.plugin.tasks} (the
 * engine's tasks, to start and follow), {@link io.batchworks.plugin.jobs} (keyed jobs and clustered periodic work),
 * {@link io.batchworks.plugin.data} (which database, bulk loads, decimals as people write them) and
 * {@link io.batchworks.plugin.web} (HTTP routes: Kazoo's envelopes and paging, JSON bodies, other families' errors).
 * Types another plugin shares beyond these come from that plugin's own shared API JAR (see {@link
 * io.batchworks.plugin.Service}).
 */
package io.batchworks.plugin;
