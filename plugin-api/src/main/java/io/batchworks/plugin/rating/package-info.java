/**
 * The rating service: the rates plugin offers {@link io.batchworks.plugin.rating.RateLookup} (as a
 * {@link io.batchworks.plugin.Service}) and Kazoo's pricing rules come with the rate
 * ({@link io.batchworks.plugin.rating.CallRate#charge}); the reprocess plugin prices calls with them. The types live
 * in plugin-api so that both plugins, each in its own class loader, see the same ones.
 */
package io.batchworks.plugin.rating;
