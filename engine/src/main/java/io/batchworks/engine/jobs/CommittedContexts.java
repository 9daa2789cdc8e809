package io.batchworks.engine.jobs;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;

import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.util.ClassUtils;

/**
 * The job repository that a task's chunked steps are built with: it stores a step's execution context only inside a
 * chunk's transaction, with the chunk's writes, so the position in the database is always the last committed chunk's.
 * <p>
 * Spring Batch also stores the context when the step ends, outside any transaction, as the step holds it in memory.
 * After a chunk whose commit failed (the connection went before the {@code COMMIT} reached the database, or its
 * answer was lost after it did) that is the position after the chunk, whether or not the database kept its rows:
 * stored, it would make the restart skip rows that were never written. Left out, the restart begins after the last
 * chunk the database did commit, whichever that was.
 */
final class CommittedContexts {

    private CommittedContexts() {
    }

    static JobRepository of(JobRepository repository) {
        return (JobRepository) Proxy.newProxyInstance(CommittedContexts.class.getClassLoader(),
                ClassUtils.getAllInterfaces(repository), (proxy, method, args) -> {
                    if (method.getName().equals("updateExecutionContext") && args[0] instanceof StepExecution
                            && !TransactionSynchronizationManager.isActualTransactionActive()) {
                        return null;
                    }
                    try {
                        return method.invoke(repository, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
