/**
 * For plugins that serve HTTP routes in Kazoo's shapes: the {@code {"data": ..., "status": ...}} envelope
 * ({@link io.batchworks.plugin.web.KazooEnvelope}), {@code page_size}/{@code start_key} paging
 * ({@link io.batchworks.plugin.web.KazooPage}) and JSON request bodies whatever their content type
 * ({@link io.batchworks.plugin.web.JsonBodies}). The engine's own APIs use the same classes. Other JSON replies:
 * {@link io.batchworks.plugin.web.JsonReplies}.
 */
package io.batchworks.plugin.web;
