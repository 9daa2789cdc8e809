package io.batchworks.engine.remote;

import java.util.Map;

import io.batchworks.engine.EngineSettings;
import io.batchworks.engine.jobs.PartitionClaims;
import io.batchworks.engine.tasks.TaskPartitions;

import org.springframework.amqp.core.Queue;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.support.converter.JacksonJsonMessageConverter;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.integration.partition.StepExecutionRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.integration.amqp.dsl.Amqp;
import org.springframework.integration.amqp.inbound.AmqpMessageSource;
import org.springframework.integration.channel.DirectChannel;
import org.springframework.integration.config.EnableIntegration;
import org.springframework.integration.dsl.IntegrationFlow;

/**
 * Remote partitioning over RabbitMQ, Spring Batch Integration's way, in the child context that {@link BrokerPartitions}
 * makes when {@code spring.rabbitmq.host} is set: a split task's node sends one request per partition to the queue
 * {@code batchworks.partition.queue} (JSON, persistent) and polls the job repository for their ends; every node takes
 * requests from that queue on its partition threads ({@link PartitionWorkers}). The nodes must share the task files
 * ({@code batchworks.task-files=database}). Not a {@code @Configuration}: the engine's component scan must not find it.
 */
@EnableIntegration
class RabbitPartitions {

    /** The fields of a request on the wire. */
    static final String STEP = "step";
    static final String STEP_EXECUTION_ID = "step_execution_id";

    private final EngineSettings.Partition settings;

    RabbitPartitions(EngineSettings settings) {
        this.settings = settings.partition();
    }

    /** The broker, from Spring Boot's usual {@code spring.rabbitmq.*} keys. */
    @Bean
    CachingConnectionFactory partitionBroker(Environment env) {
        CachingConnectionFactory factory = new CachingConnectionFactory(env.getRequiredProperty(BrokerPartitions.HOST),
                env.getProperty("spring.rabbitmq.port", Integer.class, 5672));
        factory.setUsername(env.getProperty("spring.rabbitmq.username", "guest"));
        factory.setPassword(env.getProperty("spring.rabbitmq.password", "guest"));
        factory.setVirtualHost(env.getProperty("spring.rabbitmq.virtual-host", "/"));
        factory.setConnectionNameStrategy(f -> "batchworks partitions");
        return factory;
    }

    /** Declared (durable) whenever a connection opens, so a broker restarted empty gets it back. */
    @Bean
    Queue partitionQueue() {
        return new Queue(settings.queue(), true);
    }

    @Bean
    RabbitAdmin partitionAdmin(CachingConnectionFactory partitionBroker) {
        return new RabbitAdmin(partitionBroker);
    }

    @Bean
    RabbitTemplate partitionTemplate(CachingConnectionFactory partitionBroker) {
        RabbitTemplate template = new RabbitTemplate(partitionBroker);
        template.setMessageConverter(new JacksonJsonMessageConverter());
        return template;
    }

    @Bean
    DirectChannel partitionRequests() {
        return new DirectChannel();
    }

    /** Requests as JSON (never Java serialization) into the queue. */
    @Bean
    IntegrationFlow partitionsOut(DirectChannel partitionRequests, RabbitTemplate partitionTemplate) {
        return IntegrationFlow.from(partitionRequests)
                .transform(StepExecutionRequest.class, r -> Map.of(STEP, r.getStepName(), STEP_EXECUTION_ID, r.getStepExecutionId()))
                .handle(Amqp.outboundAdapter(partitionTemplate).routingKey(settings.queue()))
                .get();
    }

    /** Requests taken one at a time, acknowledged by hand once claimed. */
    @Bean
    AmqpMessageSource partitionsIn(CachingConnectionFactory partitionBroker) {
        AmqpMessageSource source = new AmqpMessageSource(partitionBroker, settings.queue());
        source.setMessageConverter(new JacksonJsonMessageConverter());
        return source;
    }

    @Bean
    PartitionWorkers partitionWorkers(AmqpMessageSource partitionsIn, PartitionClaims claims, TaskPartitions steps,
                                      JobRepository jobRepository, EngineSettings settings) {
        return new PartitionWorkers(partitionsIn, claims, steps, jobRepository, settings);
    }
}
