package io.batchworks.engine.tasks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.batchworks.engine.EngineSettings;

import org.springframework.stereotype.Component;
import org.springframework.util.FileSystemUtils;

/** Where a task's input and output CSVs live: {@code <data-dir>/tasks/<id>/in.csv} and {@code out.csv}. */
@Component
public class TaskFiles {

    public static final String IN = "in.csv";
    public static final String OUT = "out.csv";

    private final Path root;
    private final int maxLine;

    public TaskFiles(EngineSettings settings) {
        this.root = settings.tasksDir().toAbsolutePath();
        this.maxLine = settings.maxCsvLine();
    }

    /** The longest line of an input, in characters ({@code batchworks.max-csv-line}). */
    public int maxLine() {
        return maxLine;
    }

    public Path dir(String taskId) throws IOException {
        return Files.createDirectories(root.resolve(taskId));
    }

    public Path file(String taskId, String name) {
        return root.resolve(taskId).resolve(name);
    }

    public void delete(String taskId) throws IOException {
        FileSystemUtils.deleteRecursively(root.resolve(taskId));
    }
}
