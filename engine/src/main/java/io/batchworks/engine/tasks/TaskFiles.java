package io.batchworks.engine.tasks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.batchworks.engine.EngineSettings;
import io.batchworks.engine.files.TaskFileStore;

import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.InputStreamResource;
import org.springframework.core.io.Resource;
import org.springframework.stereotype.Component;
import org.springframework.util.FileSystemUtils;

/**
 * Where a task's input and output CSVs live. Each node works on local copies, {@code <data-dir>/tasks/<id>/in.csv}
 * and {@code out.csv}; with {@code batchworks.task-files=database} the database holds the files themselves
 * ({@link TaskFileStore}): an input is stored as it is received, an output as each chunk commits, and any node reads
 * them from there.
 */
@Component
public class TaskFiles {

    public static final String IN = TaskFileStore.IN;
    public static final String OUT = TaskFileStore.OUT;

    private final Path root;
    private final int maxLine;
    private final TaskFileStore store;

    public TaskFiles(EngineSettings settings, TaskFileStore store) {
        this.root = settings.tasksDir().toAbsolutePath();
        this.maxLine = settings.maxCsvLine();
        this.store = store;
    }

    /** The longest line of an input, in characters ({@code batchworks.max-csv-line}). */
    public int maxLine() {
        return maxLine;
    }

    /** Whether every node reaches every task's files ({@code task-files=database}). */
    public boolean shared() {
        return store.inUse();
    }

    public Path dir(String taskId) throws IOException {
        return Files.createDirectories(root.resolve(taskId));
    }

    /** This node's copy of a file, which may not exist. */
    public Path file(String taskId, String name) {
        return root.resolve(taskId).resolve(name);
    }

    /** Keeps a file this node has just written completely (a received input) where every node finds it. */
    public void keep(String taskId, String name) throws IOException {
        Path file = file(taskId, name);
        if (store.inUse() && Files.exists(file)) {
            store.store(taskId, name, file);
        }
    }

    /** This node's copy of a file, fetched first if another node wrote it; {@code null} if there is no such file. */
    public Path local(String taskId, String name) throws IOException {
        Path file = file(taskId, name);
        store.fetchIfMissing(taskId, name, file);
        return Files.exists(file) ? file : null;
    }

    public boolean exists(String taskId, String name) {
        return store.inUse() ? store.has(taskId, name) : Files.exists(file(taskId, name));
    }

    /** The file to send, streamed: from the database with {@code task-files=database}, else from this node's disk. */
    public Resource read(String taskId, String name) {
        return store.inUse() ? new InputStreamResource(store.open(taskId, name)) : new FileSystemResource(file(taskId, name));
    }

    /** The bytes of the task's files (in.csv, out.csv): those in the database, or those on this node's disk. */
    public long bytes(String taskId) {
        if (store.inUse()) {
            return store.bytes(taskId);
        }
        long bytes = 0;
        for (String name : new String[] {IN, OUT}) {
            try {
                bytes += Files.size(file(taskId, name));
            } catch (IOException absent) {
                // not there: nothing kept
            }
        }
        return bytes;
    }

    public void delete(String taskId) throws IOException {
        if (store.inUse()) {
            store.delete(taskId);
        }
        FileSystemUtils.deleteRecursively(root.resolve(taskId));
    }
}
