/**
 * For plugins that serve HTTP routes: Kazoo's {@code {"data": ..., "status": ...}} envelope
 * ({@link io.batchworks.plugin.web.KazooEnvelope}), {@code page_size}/{@code start_key} paging
 * ({@link io.batchworks.plugin.web.KazooPage}), JSON request bodies whatever their content type
 * ({@link io.batchworks.plugin.web.JsonBodies}), the error body of another API family
 * ({@link io.batchworks.plugin.web.ErrorShape}) and the rule for paths of the engine's own API
 * ({@link io.batchworks.plugin.web.EnginePaths}), and what the API document says of a route
 * ({@link io.batchworks.plugin.web.RouteDoc}). The engine's own APIs use the same classes. A route's reply whose
 * body is an object and that names no content type is written as JSON.
 */
package io.batchworks.plugin.web;
