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
 * <p>This package is the contract every plugin needs. Two sub-packages hold what only some plugins need:
 * {@link io.batchworks.plugin.web} answers HTTP in Kazoo's shapes (envelopes, paging, JSON bodies) for plugins
 * with routes, and {@link io.batchworks.plugin.rating} is the rating service the rates plugin offers the others.
 * Neither is used by this package.
 */
package io.batchworks.plugin;
