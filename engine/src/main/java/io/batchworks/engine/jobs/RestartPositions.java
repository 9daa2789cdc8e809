package io.batchworks.engine.jobs;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Comparator;
import java.util.Optional;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.stereotype.Component;
import org.springframework.util.ClassUtils;

/**
 * A restart resumes from the newest position a step committed, whatever moment a kill or an outage hit the run before.
 * <p>
 * Spring Batch stores a new step execution with an empty context, hands it the previous execution's position in
 * memory only, and saves it with its first chunk. A run cut off in between leaves the newest execution of the step
 * with no position, and Spring Batch, which restarts from the newest execution, would begin again at the first row:
 * every row already committed counted and written again. So when the newest execution of a step that did not complete
 * has an empty context, it is handed the context of the newest earlier execution that stored one (back to the last
 * that completed, after which a step begins afresh). Every context of a task's step is stored with a chunk's writes
 * or at the step's end, so a non-empty one is a committed position.
 * <p>
 * Applies to every job of the engine: tasks' steps, their partitions (Spring Batch's splitter asks for the newest
 * execution of each the same way) and plugins' keyed jobs.
 */
@Component
class RestartPositions implements BeanPostProcessor {

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (!(bean instanceof JobRepository repository)) {
            return bean;
        }
        return Proxy.newProxyInstance(bean.getClass().getClassLoader(), ClassUtils.getAllInterfaces(bean), (proxy, method, args) -> {
            try {
                Object answer = method.invoke(bean, args);
                if (method.getName().equals("getLastStepExecution") && answer instanceof StepExecution last
                        && args[0] instanceof JobInstance instance) {
                    withCommittedPosition(repository, instance, last);
                }
                return answer;
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        });
    }

    private static void withCommittedPosition(JobRepository repository, JobInstance instance, StepExecution last) {
        if (!last.getExecutionContext().isEmpty() || last.getStatus() == BatchStatus.COMPLETED) {
            return;
        }
        committedBefore(repository, instance, last).ifPresent(position -> last.setExecutionContext(new ExecutionContext(position)));
    }

    /** The context of the newest execution of {@code last}'s step before it that stored one, back to one that completed. */
    private static Optional<ExecutionContext> committedBefore(JobRepository repository, JobInstance instance, StepExecution last) {
        for (StepExecution earlier : repository.getJobExecutions(instance).stream()
                .flatMap(run -> run.getStepExecutions().stream())
                .filter(step -> step.getStepName().equals(last.getStepName()) && step.getId() < last.getId())
                .sorted(Comparator.comparingLong(StepExecution::getId).reversed())
                .toList()) {
            if (earlier.getStatus() == BatchStatus.COMPLETED) {
                return Optional.empty();
            }
            if (!earlier.getExecutionContext().isEmpty()) {
                return Optional.of(earlier.getExecutionContext());
            }
        }
        return Optional.empty();
    }
}
