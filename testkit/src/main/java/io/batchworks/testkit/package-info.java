/**
 * The plugin test kit: {@link io.batchworks.testkit.PluginTestKit} runs a plugin's task types against an engine
 * started in the test's JVM. Add {@code io.batchworks:plugin-testkit} with scope {@code test}.
 */
package io.batchworks.testkit;
