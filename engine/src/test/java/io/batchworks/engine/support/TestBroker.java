package io.batchworks.engine.support;

import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;

/** The RabbitMQ of every machine of this project (127.0.0.1:5672, guest/guest), as tests use it. */
public final class TestBroker {

    private TestBroker() {
    }

    /**
     * The name of a test's own partition queue, deleted first: a request left by an earlier run that was cut off would
     * name a step execution of another database. The engines declare it again.
     */
    public static String freshQueue(String name) {
        CachingConnectionFactory broker = new CachingConnectionFactory("127.0.0.1", 5672);
        try {
            new RabbitAdmin(broker).deleteQueue(name);
        } finally {
            broker.destroy();
        }
        return name;
    }
}
