package io.batchworks.engine.plugins;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.util.FileSystemUtils;

/**
 * Where this process keeps its private copies of plugin JARs: a folder of its own, named by its process id, so that
 * engines sharing a data directory (nodes on one machine, tests) never delete or overwrite each other's copies. The
 * folders of processes no longer alive (a node killed with {@code kill -9}) are removed at start.
 */
final class PrivateCopies {

    private static final Logger log = LoggerFactory.getLogger(PrivateCopies.class);

    private PrivateCopies() {
    }

    static Path folder(Path root) throws IOException {
        Files.createDirectories(root);
        try (Stream<Path> folders = Files.list(root)) {
            for (Path other : folders.toList()) {
                if (!alive(other.getFileName().toString())) {
                    leftOver(other);
                }
            }
        }
        Path own = root.resolve(Long.toString(ProcessHandle.current().pid()));
        FileSystemUtils.deleteRecursively(own);
        return Files.createDirectories(own);
    }

    /** Deletes a dead process's folder; another engine starting at the same time may be deleting it too. */
    private static void leftOver(Path folder) {
        try {
            FileSystemUtils.deleteRecursively(folder);
        } catch (IOException raced) {
            log.debug("{} went while being deleted: {}", folder, raced.toString());
        }
    }

    private static boolean alive(String name) {
        try {
            long pid = Long.parseLong(name);
            return pid != ProcessHandle.current().pid() && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        } catch (NumberFormatException notAProcessFolder) {
            return false;
        }
    }
}
