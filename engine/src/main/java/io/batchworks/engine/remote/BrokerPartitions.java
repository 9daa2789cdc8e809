package io.batchworks.engine.remote;

import io.batchworks.engine.EngineSettings;
import io.batchworks.engine.jobs.PartitionSender;
import io.batchworks.engine.tasks.TaskPartitions;

import org.springframework.batch.core.partition.PartitionHandler;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.integration.partition.MessageChannelPartitionHandler;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.integration.channel.DirectChannel;
import org.springframework.integration.core.MessagingTemplate;
import org.springframework.stereotype.Component;

/**
 * Remote partitioning, on when {@code spring.rabbitmq.host} is set: decided as the engine starts, not when it is built.
 * The broker's beans ({@link RabbitPartitions}) live in a child context made here, because the launcher's engine has
 * the set of beans its build fixed (Spring AOT decides conditions at build time), where a condition on the key would
 * have been decided once for every user. The child is made as the engine's lifecycle starts, once every bean of the
 * engine exists (its workers need the task steps, which need the jobs, which ask for this sender).
 */
@Component
class BrokerPartitions implements PartitionSender, SmartLifecycle {

    static final String HOST = "spring.rabbitmq.host";

    private final ConfigurableApplicationContext engine;
    private final EngineSettings.Partition settings;
    private final boolean configured;
    private final JobRepository jobRepository;
    private AnnotationConfigApplicationContext broker;

    BrokerPartitions(ConfigurableApplicationContext engine, EngineSettings settings, JobRepository jobRepository) {
        this.engine = engine;
        this.settings = settings.partition();
        this.jobRepository = jobRepository;
        this.configured = engine.getEnvironment().containsProperty(HOST);
        if (configured && settings.taskFiles() != EngineSettings.Storage.DATABASE) {
            throw new IllegalStateException(HOST + " is set, so partitions run on other nodes, which read the task files:"
                    + " set batchworks.task-files=database too");
        }
    }

    @Override
    public boolean sends() {
        return configured;
    }

    @Override
    public PartitionHandler handler(String taskId, int split) {
        MessageChannelPartitionHandler handler = new MessageChannelPartitionHandler();
        handler.setStepName(TaskPartitions.stepName(taskId));
        handler.setGridSize(split);
        handler.setJobRepository(jobRepository); // no reply channel: the ends are polled from the job repository
        handler.setPollInterval(settings.pollInterval().toMillis());
        handler.setMessagingOperations(new MessagingTemplate(broker().getBean("partitionRequests", DirectChannel.class)));
        try {
            handler.afterPropertiesSet();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return handler;
    }

    private synchronized AnnotationConfigApplicationContext broker() {
        if (!configured) {
            throw new IllegalStateException(HOST + " is not set: partitions run on this node's threads");
        }
        if (broker == null) {
            AnnotationConfigApplicationContext child = new AnnotationConfigApplicationContext();
            child.setParent(engine);
            child.setEnvironment(engine.getEnvironment());
            child.setDisplayName("broker partitions");
            child.register(RabbitPartitions.class);
            child.refresh(); // starts this node's workers
            broker = child;
        }
        return broker;
    }

    @Override
    public void start() {
        if (configured) {
            broker();
        }
    }

    @Override
    public synchronized void stop() {
        if (broker != null) {
            broker.close();
            broker = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return broker != null;
    }
}
