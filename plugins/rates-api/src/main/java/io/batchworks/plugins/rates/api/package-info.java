/**
 * The rates plugin's published API: the rating service it offers the other plugins ({@link
 * io.batchworks.plugins.rates.api.RateLookup}, found with {@code PluginContext.service}) and Kazoo's pricing rules,
 * which come with the rate ({@link io.batchworks.plugins.rates.api.CallRate#charge}).
 *
 * <p>This is a shared API JAR: it goes into the {@code api/} folder of the engine's plugins directory, which the engine
 * loads once at start beneath every plugin, so the rates plugin and a plugin that rates calls with it (the reprocess
 * plugin) see the same types whatever their class loaders. Both compile against it with {@code provided} scope and do
 * not bundle it.
 */
package io.batchworks.plugins.rates.api;
