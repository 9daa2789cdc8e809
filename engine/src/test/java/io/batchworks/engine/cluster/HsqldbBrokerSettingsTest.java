package io.batchworks.engine.cluster;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import io.batchworks.engine.support.Engines;
import io.batchworks.engine.support.TestDatabase;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A broker is switched on by {@code spring.rabbitmq.host} when the engine starts (not by a condition decided when it
 * was built), and a broker without shared task files is refused then: the other nodes could not read a task's files.
 */
class HsqldbBrokerSettingsTest {

    @TempDir
    Path work;

    @Test
    void aBrokerWithoutSharedTaskFilesIsRefusedAtStart() throws Exception {
        try (TestDatabase db = TestDatabase.hsqldb()) {
            assertThatThrownBy(() -> new Engines.Embedded(db, work, "--spring.rabbitmq.host=127.0.0.1").close())
                    .hasStackTraceContaining("spring.rabbitmq.host is set, so partitions run on other nodes")
                    .hasStackTraceContaining("set batchworks.task-files=database too");
        }
    }
}
