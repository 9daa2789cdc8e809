package io.batchworks.engine;

import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.convert.DurationUnit;
import org.springframework.util.unit.DataSize;

/**
 * The engine's own settings ({@code batchworks.*}).
 *
 * @param dataDir     HSQLDB files, uploaded inputs and task outputs
 * @param pluginsDir  where plugin JARs are loaded from
 * @param node        this engine's name in task records (Kazoo's {@code node})
 * @param taskThreads how many tasks run at once on this node
 * @param pluginsScan how often the plugins directory is looked at for new, replaced and removed JARs (0: never);
 *                    {@code 1s}, {@code PT1S} or a number of seconds
 * @param tokenTtl    how long a token lives unused: each use renews it, as Kazoo's tokens (0: for ever);
 *                    {@code 24h}, {@code PT24H} or a number of seconds
 * @param maxUploadSize the largest request body other than JSON (a task's CSV input), e.g. {@code 4GB}; over it, 413
 * @param maxJsonSize the largest JSON request body, e.g. {@code 16MB}; over it, 413
 */
@ConfigurationProperties("batchworks")
public record EngineSettings(Path dataDir, Path pluginsDir, String node, int taskThreads,
                             @DurationUnit(ChronoUnit.SECONDS) Duration pluginsScan,
                             @DurationUnit(ChronoUnit.SECONDS) Duration tokenTtl, DataSize maxUploadSize,
                             DataSize maxJsonSize) {

    public Path tasksDir() {
        return dataDir.resolve("tasks");
    }
}
