/**
 * Work outside tasks: jobs keyed so that each key runs to completion at most once ({@link
 * io.batchworks.plugin.jobs.Jobs}) and clustered periodic work, one node at a time ({@link
 * io.batchworks.plugin.jobs.Periodic}).
 */
package io.batchworks.plugin.jobs;
