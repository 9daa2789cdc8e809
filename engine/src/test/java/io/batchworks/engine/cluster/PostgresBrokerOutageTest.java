package io.batchworks.engine.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import io.batchworks.engine.plugins.TestPlugins;
import io.batchworks.testapi.Api;
import io.batchworks.engine.support.CuttableProxy;
import io.batchworks.engine.support.Engines;
import io.batchworks.engine.support.LinkFaults;
import io.batchworks.engine.support.TestBroker;
import io.batchworks.engine.support.TestDatabase;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import tools.jackson.databind.JsonNode;

/**
 * RabbitMQ reached through a proxy that is cut: a split task started while the broker is unreachable cannot send its
 * partitions, so its run ends as one a passing fault cut off and waits; once the broker answers again it is resumed,
 * its partitions go out, and it ends as an uninterrupted run would, each row written once. A task started after that
 * runs through the broker too, so the node's own takers came back. A third one runs while the link to the broker flaps
 * ({@link LinkFaults}: ten cuts of 0.2 to 3 s) and ends the same.
 */
@Execution(ExecutionMode.CONCURRENT) // a forked engine that mostly waits: beside the other tests (junit.parallel, parent POM)
class PostgresBrokerOutageTest {

    private static final int ROWS = 1_000;
    private static final int BAD_EVERY = 100;

    @TempDir
    Path work;

    @Test
    void aSplitTaskWaitsOutABrokerOutageAndLosesNothing() throws Exception {
        String names = TestPlugins.greetInput(ROWS, BAD_EVERY);
        try (TestDatabase db = TestDatabase.postgres(); CuttableProxy broker = new CuttableProxy(5672)) {
            TestPlugins.greet("1.0.0", "Hello").buildTo(Files.createDirectories(work.resolve("plugins")).resolve("greet.jar"));
            try (Engines.Forked engine = new Engines.Forked(db, work, "--batchworks.task-files=database",
                    "--spring.rabbitmq.host=127.0.0.1", "--spring.rabbitmq.port=" + broker.port(),
                    "--batchworks.partition.queue=" + TestBroker.freshQueue("batchworks.test.broker-outage"), "--batchworks.partition.threads=2",
                    "--batchworks.partition.count=3", "--batchworks.partition.poll-interval=200ms", "--batchworks.recovery.interval=1",
                    "--batchworks.recovery.backoff=1", "--greetings.import.chunk-size=50", "--greetings.import.wait-after-row-ms=10")) {
                Api api = engine.api();
                broker.cut();
                String id = api.createAndStart("category=greetings&action=import", names);
                try {
                    Engines.await(Duration.ofSeconds(30), "the run cut off by the outage, to be resumed",
                            () -> api.get("/v2/tasks/" + id).task().has("retry_timestamp"));
                } catch (AssertionError e) {
                    throw new AssertionError(e.getMessage() + "; task " + api.get("/v2/tasks/" + id).task() + "; log:\n" + engine.logTail(), e);
                }
                Engines.await(Duration.ofSeconds(30), "the workers meet the outage too",
                        () -> read(engine.log()).contains("Partition requests cannot be taken"));
                Thread.sleep(2_000); // a resume or two meet the outage too
                broker.restore();

                assertEnded(api, id);
                String after = api.createAndStart("category=greetings&action=import", names);
                assertEnded(api, after);
                assertThat(Files.readString(engine.log())).contains("Partition requests are taken from the broker again");

                String flapped = api.createAndStart("category=greetings&action=import", names);
                LinkFaults.flap(broker);
                assertEnded(api, flapped);
            }
        }
    }

    private static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void assertEnded(Api api, String id) throws InterruptedException {
        JsonNode end = api.awaitEnd(id, Duration.ofSeconds(90));
        assertThat(end.path("status").asString()).as(end.toString()).isEqualTo("partial");
        assertThat(end.path("success_count").asLong()).isEqualTo(ROWS - ROWS / BAD_EVERY);
        assertThat(end.path("failure_count").asLong()).isEqualTo(ROWS / BAD_EVERY);
        JsonNode written = api.get("/v2/greetings-written/" + id).json();
        assertThat(written.path("written").asLong()).as("rows written").isEqualTo(ROWS - ROWS / BAD_EVERY);
        assertThat(written.path("names").asLong()).as("each once").isEqualTo(ROWS - ROWS / BAD_EVERY);
        assertThat(api.get("/v2/tasks/" + id).task().path("csvs").toString()).contains("out.csv");
    }
}
