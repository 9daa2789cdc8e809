package io.batchworks.engine.schedules;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.batchworks.engine.EngineSettings;
import io.batchworks.engine.csv.Csv;
import io.batchworks.engine.files.TaskFileStore;
import io.batchworks.engine.plugins.PluginCatalogue;
import io.batchworks.engine.plugins.RegisteredTaskType;
import io.batchworks.engine.security.Access;
import io.batchworks.engine.tasks.FiredTasks;
import io.batchworks.engine.tasks.Task;
import io.batchworks.engine.tasks.TaskInputs;
import io.batchworks.engine.web.CsvDownload;
import io.batchworks.plugin.ApiException;
import io.batchworks.plugin.web.KazooEnvelope;

import org.springframework.core.io.InputStreamResource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;

/**
 * A task schedule's files: {@code .../task_schedules/{S}/input}, the CSV each fire's task gets (kept in the database,
 * since any node may fire the schedule), and {@code .../output}, the {@code out.csv} of its newest task that ended
 * {@code success} or {@code partial}: one address for the latest result, e.g. a report's data source.
 */
@RestController
class ScheduleFilesApi {

    private static final String ONE = TaskSchedulesApi.ONE;

    private final ScheduleStore schedules;
    private final ScheduleAccess access;
    private final ScheduleViews views;
    private final PluginCatalogue plugins;
    private final TaskFileStore stored;
    private final FiredTasks tasks;
    private final TransactionTemplate together;
    private final EngineSettings settings;
    private final TaskInputs inputs;

    ScheduleFilesApi(ScheduleStore schedules, ScheduleAccess access, ScheduleViews views, PluginCatalogue plugins, TaskFileStore stored,
                     FiredTasks tasks, PlatformTransactionManager transactions, EngineSettings settings, TaskInputs inputs) {
        this.inputs = inputs;
        this.schedules = schedules;
        this.access = access;
        this.views = views;
        this.plugins = plugins;
        this.stored = stored;
        this.tasks = tasks;
        this.together = new TransactionTemplate(transactions);
        this.settings = settings;
    }

    @Operation(summary = "Store the input each fire's task gets (CSV, plain or gzip, or JSON lines), checked as a task's input is")
    @PutMapping({ONE + "/input", ONE + "/input/"})
    Map<String, Object> putInput(@PathVariable String account, @PathVariable String id, HttpServletRequest request) throws IOException {
        TaskSchedule schedule = access.visible(account, id);
        access.check(Access.caller(), schedule);
        RegisteredTaskType type = plugins.require(schedule.category(), schedule.action());
        if (type.type().expectedContent() == null) {
            throw ApiException.badRequest("input", schedule.category() + "/" + schedule.action() + " takes no input");
        }
        Path file = Files.createTempFile(Files.createDirectories(settings.tasksDir()), "schedule-" + id + ".", ".csv");
        try {
            Csv.Shape shape = inputs.body(request, file, type.type());
            String name = request.getParameter("file_name") == null ? "input.csv" : request.getParameter("file_name");
            if (name.length() > 255) {
                throw ApiException.badRequest("file_name", "file_name is at most 255 characters");
            }
            TaskSchedule withInput = schedule.withInput(name, shape.rows());
            together.executeWithoutResult(t -> {
                schedules.update(withInput);
                try {
                    stored.store(id, ScheduleFires.INPUT, file);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                access.audited("input", withInput);
            });
            return KazooEnvelope.success(request, views.full(withInput));
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Operation(summary = "The schedule's stored input, as CSV")
    @GetMapping({ONE + "/input", ONE + "/input/"})
    void getInput(@PathVariable String account, @PathVariable String id, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        TaskSchedule schedule = access.visible(account, id);
        if (schedule.inputName() == null) {
            throw ApiException.notFound("input", id);
        }
        CsvDownload.send(request, response, schedule.inputName(), new InputStreamResource(stored.open(id, ScheduleFires.INPUT)));
    }

    @Operation(summary = "The out.csv of the schedule's newest task that ended success or partial")
    @GetMapping({ONE + "/output", ONE + "/output/"})
    void output(@PathVariable String account, @PathVariable String id, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        access.visible(account, id);
        Task task = tasks.lastEnded(id).orElseThrow(() -> ApiException.notFound("output", id));
        response.setHeader("X-Task-Id", task.id());
        CsvDownload.send(request, response, task.downloadName(TaskFileStore.OUT), tasks.output(task));
    }
}
