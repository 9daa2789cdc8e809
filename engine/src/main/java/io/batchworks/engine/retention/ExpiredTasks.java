package io.batchworks.engine.retention;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.LongConsumer;

import javax.sql.DataSource;

import io.batchworks.engine.tasks.TaskFiles;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Removes a chunk of expired tasks in the chunk's transaction: each task still as it was read (one restarted or marked
 * kept since then stays), with its Spring Batch job instance, executions, step executions, parameters and contexts,
 * its files in the database, its partitions' claims and what it waited for. Its local files go once that commits.
 */
final class ExpiredTasks implements ItemWriter<ExpiredTasks.Expired> {

    private static final Logger log = LoggerFactory.getLogger(ExpiredTasks.class);

    /** A task the cleanup read: as it was then ({@code modified}), and its last job execution, if it ran. */
    record Expired(String id, long modified, Long jobExecutionId) {
    }

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;
    private final TaskFiles files;
    private final LongConsumer removed;

    /** @param removed told how many tasks each chunk removed, once it commits */
    ExpiredTasks(DataSource dataSource, TaskFiles files, LongConsumer removed) {
        this.batch = new JdbcTemplate(dataSource);
        this.jdbc = JdbcClient.create(batch);
        this.files = files;
        this.removed = removed;
    }

    @Override
    public void write(Chunk<? extends Expired> chunk) {
        List<Expired> gone = new ArrayList<>();
        int[] deleted = batch.batchUpdate("DELETE FROM bw_task WHERE id = ? AND modified = ? AND keep = FALSE",
                chunk.getItems().stream().map(task -> new Object[] {task.id(), task.modified()}).toList());
        for (int i = 0; i < deleted.length; i++) {
            if (deleted[i] == 1) {
                gone.add(chunk.getItems().get(i));
            }
        }
        if (gone.isEmpty()) {
            return;
        }
        List<Object> ids = gone.stream().map(t -> (Object) t.id()).toList();
        for (String table : List.of("bw_task_file", "bw_partition", "bw_task_wait")) {
            jdbc.sql("DELETE FROM " + table + " WHERE task_id IN (" + marks(ids.size()) + ")").params(ids).update();
        }
        List<Object> lastRuns = gone.stream().filter(t -> t.jobExecutionId() != null).map(t -> (Object) t.jobExecutionId()).toList();
        if (!lastRuns.isEmpty()) {
            forgetJobInstances(lastRuns);
        }
        afterCommit(() -> {
            for (Expired task : gone) {
                try {
                    files.delete(task.id());
                } catch (IOException e) {
                    log.warn("Task {} is removed; its local files could not be: {}", task.id(), e.toString());
                }
            }
            removed.accept(gone.size());
        });
    }

    /** Runs {@code action} once the chunk's transaction commits; never if it rolls back. */
    static void afterCommit(Runnable action) {
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                action.run();
            }
        });
    }

    /** Every Spring Batch record of the job instances these executions belong to, children first. */
    private void forgetJobInstances(List<Object> lastRuns) {
        List<Object> instances = new ArrayList<>(jdbc.sql("SELECT DISTINCT JOB_INSTANCE_ID FROM BATCH_JOB_EXECUTION WHERE"
                + " JOB_EXECUTION_ID IN (" + marks(lastRuns.size()) + ")").params(lastRuns).query(Long.class).list());
        if (instances.isEmpty()) {
            return;
        }
        String ofInstances = "SELECT JOB_EXECUTION_ID FROM BATCH_JOB_EXECUTION WHERE JOB_INSTANCE_ID IN (" + marks(instances.size()) + ")";
        String ofExecutions = " WHERE JOB_EXECUTION_ID IN (" + ofInstances + ")";
        jdbc.sql("DELETE FROM BATCH_STEP_EXECUTION_CONTEXT WHERE STEP_EXECUTION_ID IN (SELECT STEP_EXECUTION_ID FROM BATCH_STEP_EXECUTION"
                + ofExecutions + ")").params(instances).update();
        for (String table : List.of("BATCH_STEP_EXECUTION", "BATCH_JOB_EXECUTION_CONTEXT", "BATCH_JOB_EXECUTION_PARAMS")) {
            jdbc.sql("DELETE FROM " + table + ofExecutions).params(instances).update();
        }
        String inInstances = " WHERE JOB_INSTANCE_ID IN (" + marks(instances.size()) + ")";
        jdbc.sql("DELETE FROM BATCH_JOB_EXECUTION" + inInstances).params(instances).update();
        jdbc.sql("DELETE FROM BATCH_JOB_INSTANCE" + inInstances).params(instances).update();
    }

    static String marks(int n) {
        return String.join(", ", Collections.nCopies(n, "?"));
    }
}
