package io.batchworks.engine;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The engine's own settings ({@code batchworks.*}).
 *
 * @param dataDir     HSQLDB files, uploaded inputs and task outputs
 * @param pluginsDir  where plugin JARs are loaded from
 * @param node        this engine's name in task records (Kazoo's {@code node})
 * @param taskThreads how many tasks run at once on this node
 */
@ConfigurationProperties("batchworks")
public record EngineSettings(Path dataDir, Path pluginsDir, String node, int taskThreads) {

    public Path tasksDir() {
        return dataDir.resolve("tasks");
    }
}
