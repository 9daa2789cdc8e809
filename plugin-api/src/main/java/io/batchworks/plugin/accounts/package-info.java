/**
 * The accounts the engine knows ({@link io.batchworks.plugin.accounts.Accounts}) and who called a plugin's route
 * ({@link io.batchworks.plugin.accounts.Caller}, from {@code PluginContext.caller}).
 */
package io.batchworks.plugin.accounts;
