package io.batchworks.engine.tasks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import io.batchworks.engine.Ids;
import io.batchworks.engine.csv.Csv;
import io.batchworks.engine.plugins.PluginCatalogue;
import io.batchworks.plugin.ApiException;
import io.batchworks.plugin.Row;
import io.batchworks.plugin.tasks.NewTask;
import io.batchworks.plugin.tasks.TaskState;
import io.batchworks.plugin.tasks.Tasks;
import io.batchworks.plugin.web.EnginePaths;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamReader;
import org.springframework.stereotype.Component;

/** The engine's tasks as plugins see them ({@link Tasks}): the same tasks, files and runner as {@code /v2/tasks}. */
@Component
public class EngineTasks implements Tasks {

    private static final Logger log = LoggerFactory.getLogger(EngineTasks.class);

    private final TaskStore tasks;
    private final TaskFiles files;
    private final TaskRunner runner;
    private final TaskDispatcher dispatcher;
    private final TaskLifecycle lifecycle;
    private final PluginCatalogue plugins;

    EngineTasks(TaskStore tasks, TaskFiles files, TaskRunner runner, TaskLifecycle lifecycle, PluginCatalogue plugins,
                TaskDispatcher dispatcher) {
        this.dispatcher = dispatcher;
        this.tasks = tasks;
        this.lifecycle = lifecycle;
        this.files = files;
        this.runner = runner;
        this.plugins = plugins;
    }

    @Override
    public TaskState start(NewTask request) {
        plugins.require(request.category(), request.action());
        String id = request.id() == null ? Ids.newId() : request.id();
        if (tasks.find(id).isPresent()) {
            throw new ApiException(409, "a task with this id exists", Map.of("id", id));
        }
        long rows;
        try {
            rows = writeInput(id, request);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Task task = Task.create(id, request.accountId(), request.authAccountId(), request.category(), request.action(), null,
                request.params(), rows, true);
        lifecycle.create(task, files.bytes(id));
        return state(dispatcher.start(task));
    }

    @Override
    public Optional<TaskState> find(String taskId) {
        return tasks.find(taskId).map(EngineTasks::state);
    }

    @Override
    public Stream<Row> input(String taskId) {
        Path file;
        try {
            file = EnginePaths.isSegment(taskId) ? files.local(taskId, TaskFiles.IN) : null;
        } catch (IOException e) {
            throw new UncheckedIOException("task " + taskId + ": cannot fetch its input", e);
        }
        if (file == null) {
            return Stream.empty();
        }
        ItemStreamReader<Row> reader = Csv.reader(file, files.maxLine());
        reader.open(new ExecutionContext());
        Iterator<Row> rows = new Iterator<>() {
            private Row next = read();

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public Row next() {
                if (next == null) {
                    throw new NoSuchElementException();
                }
                Row row = next;
                next = read();
                return row;
            }

            private Row read() {
                try {
                    return reader.read();
                } catch (Exception e) {
                    throw new IllegalStateException("task " + taskId + ": cannot read its input", e);
                }
            }
        };
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(rows, Spliterator.ORDERED), false).onClose(reader::close);
    }

    @Override
    public List<String> resumeStalled(String category, String action, Duration threshold) {
        List<String> resumed = new ArrayList<>();
        for (Task task : tasks.stalled(category, action, System.currentTimeMillis() - threshold.toMillis())) {
            if (runner.resume(task)) {
                log.info("Resumed stalled task {} ({}, {} since {})", task.id(), task.typeKey(), task.status(),
                        Instant.ofEpochMilli(task.modified()));
                resumed.add(task.id());
            }
        }
        return resumed;
    }

    private long writeInput(String id, NewTask request) throws IOException {
        try {
            long rows = Csv.write(files.dir(id).resolve(TaskFiles.IN), request.columns(), request.rows());
            files.keep(id, TaskFiles.IN);
            return rows;
        } catch (IOException | RuntimeException e) {
            files.delete(id);
            throw e;
        }
    }

    static TaskState state(Task t) {
        return new TaskState(t.id(), t.accountId(), t.category(), t.action(), t.status().wire(), t.successCount(), t.failureCount(),
                t.totalCount(), Instant.ofEpochMilli(t.created()), Instant.ofEpochMilli(t.modified()));
    }
}
