/**
 * The engine's tasks as a plugin drives them ({@link io.batchworks.plugin.tasks.Tasks}, from
 * {@code PluginContext.tasks}): start one of a loaded type ({@link io.batchworks.plugin.tasks.NewTask}), follow it
 * ({@link io.batchworks.plugin.tasks.TaskState}), resume the stalled ones.
 */
package io.batchworks.plugin.tasks;
