package io.batchworks.engine.tasks;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.batchworks.engine.Ids;
import io.batchworks.engine.plugins.PluginCatalogue;
import io.batchworks.engine.plugins.RegisteredTaskType;
import io.batchworks.engine.security.Access;
import io.batchworks.engine.security.AccountCaller;
import io.batchworks.engine.web.CreatedKey;
import io.batchworks.engine.web.CsvDownload;
import io.batchworks.plugin.ApiException;
import io.batchworks.plugin.TaskType;
import io.batchworks.plugin.web.KazooEnvelope;
import io.batchworks.plugin.web.KazooPage;

import org.springframework.batch.core.repository.JobRepository;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;


import io.swagger.v3.oas.annotations.Operation;

/** Kazoo's tasks API ({@code cb_tasks}): {@code /v2/tasks} (the caller's account) and {@code /v2/accounts/{ACCOUNT_ID}/tasks}. */
@RestController
class TasksApi {

    /** What the create's documentation says of the input. */
    private static final String CREATE = "The input is the body: CSV (`text/csv`, plain or gzip, by `Content-Encoding: gzip` or"
            + " by its first bytes), JSON lines (`application/x-ndjson`, an object a row), or a JSON body's `data.records`; or"
            + " it is fetched from `input_url`, a host of `batchworks.inputs.allowed-hosts`, before the task is created.";

    private final PluginCatalogue plugins;
    private final TaskStore tasks;
    private final TaskFiles files;
    private final TaskDispatcher dispatcher;
    private final TaskQuotas quotas;
    private final TaskLifecycle lifecycle;
    private final TaskInputs inputs;
    private final DataDisk disk;
    private final JobRepository jobRepository;
    private final TaskWaits waits;
    private final TaskAccess access;

    TasksApi(PluginCatalogue plugins, TaskStore tasks, TaskFiles files, TaskDispatcher dispatcher, TaskLifecycle lifecycle, TaskInputs inputs,
             JobRepository jobRepository, DataDisk disk, TaskWaits waits,
             TaskQuotas quotas, TaskAccess access) {
        this.access = access;
        this.quotas = quotas;
        this.waits = waits;
        this.disk = disk;
        this.jobRepository = jobRepository;
        this.plugins = plugins;
        this.tasks = tasks;
        this.files = files;
        this.dispatcher = dispatcher;
        this.lifecycle = lifecycle;
        this.inputs = inputs;
    }

    @Operation(summary = "The task types: every one, a category's or one type's fields and help")
    @GetMapping({"/v2/tasks", "/v2/tasks/"})
    Map<String, Object> help(@RequestParam(required = false) String category, @RequestParam(required = false) String action,
                             HttpServletRequest request) {
        Map<String, Map<String, Object>> byCategory = new LinkedHashMap<>();
        for (RegisteredTaskType r : plugins.taskTypes()) {
            TaskType t = r.type();
            if ((category == null || category.equals(t.category())) && (action == null || action.equals(t.action()))) {
                byCategory.computeIfAbsent(t.category(), c -> new LinkedHashMap<>()).put(t.action(), TaskViews.help(t));
            }
        }
        if ((category != null || action != null) && byCategory.isEmpty()) {
            throw PluginCatalogue.unknownType(category, action);
        }
        return KazooEnvelope.success(request, Map.of("tasks", byCategory));
    }

    @Operation(summary = "An account's tasks, newest first, filtered and paged")
    @GetMapping({"/v2/accounts/{account}/tasks", "/v2/accounts/{account}/tasks/"})
    Map<String, Object> list(@PathVariable String account, @RequestParam(required = false) String category, @RequestParam(required = false) String action,
            @RequestParam(required = false) String status, @RequestParam(name = "created_after", required = false) String createdAfter,
            @RequestParam(name = "created_before", required = false) String createdBefore, HttpServletRequest request) {
        Access.requireAccount(Access.caller(), account);
        KazooPage page = KazooPage.of(request);
        CreatedKey from = page.startKey() == null ? null : CreatedKey.parse(page.startKey());
        TaskStore.Filter filter = TaskSelection.of(category, action, status, createdAfter, createdBefore);
        return page.reply(request, tasks.page(account, from == null ? null : from.created(), from == null ? null : from.id(),
                page.fetchSize(), filter), t -> TaskViews.readOnly(t, files), t -> CreatedKey.of(t.created(), t.id()));
    }

    @Operation(summary = "A task's runs: its job and step executions, and the moves its status allows", description = "Each "
            + "job execution (a start, each restart and resume), newest first, with its steps' counts, times and exit message.")
    @GetMapping({"/v2/tasks/{id}/runs", "/v2/accounts/{account}/tasks/{id}/runs"})
    Map<String, Object> runs(@PathVariable(required = false) String account, @PathVariable String id, HttpServletRequest request) {
        Task task = access.visible(account, id);
        return KazooEnvelope.success(request, TaskViews.runs(jobRepository, task));
    }

    @Operation(summary = "Create a task of the caller's account, with its input; with after=ID,ID it starts by itself once they end",
            description = CREATE)
    @PutMapping({"/v2/tasks", "/v2/tasks/"})
    ResponseEntity<Map<String, Object>> create(@RequestParam(required = false) String category,
                                               @RequestParam(required = false) String action, @RequestParam(required = false) String after,
                                               @RequestParam(name = "after_status", required = false) String afterStatus,
                                               @RequestParam(name = "input_url", required = false) String inputUrl,
                                               HttpServletRequest request) throws IOException {
        return create(Access.caller().accountId(), category, action, after, afterStatus, inputUrl, request);
    }

    @Operation(summary = "Create a task of an account, with its input; with after=ID,ID it starts by itself once they end",
            description = CREATE)
    @PutMapping({"/v2/accounts/{account}/tasks", "/v2/accounts/{account}/tasks/"})
    ResponseEntity<Map<String, Object>> create(@PathVariable String account, @RequestParam(required = false) String category,
                                               @RequestParam(required = false) String action, @RequestParam(required = false) String after,
                                               @RequestParam(name = "after_status", required = false) String afterStatus,
                                               @RequestParam(name = "input_url", required = false) String inputUrl,
                                               HttpServletRequest request) throws IOException {
        if (category == null || action == null) {
            throw ApiException.badRequest(category == null ? "category" : "action", "category and action are required");
        }
        RegisteredTaskType registered = plugins.require(category, action);
        AccountCaller caller = Access.caller();
        Access.require(caller, registered.type().permission(), account);
        TaskWaits.Wait wait = waits.parse(caller, after, afterStatus);
        quotas.check(account, 0, false); // a first look, before the upload is received
        String id = Ids.newId();
        Path dir = files.dir(id);
        try {
            TaskInputs.Input input = inputs.receive(registered.type(), request, dir, inputUrl);
            Map<String, String> params = new LinkedHashMap<>(input.params());
            request.getParameterMap().forEach((k, v) -> {
                if (!TaskWaits.NOT_PARAMS.contains(k) && v.length > 0) {
                    params.put(k, v[0]);
                }
            });
            Task task = Task.create(id, account, caller.accountId(), category, action, input.fileName(), params, input.rows(), false)
                    .prioritised(TaskPriority.parse(request.getParameter("priority"), "priority"));
            registered.type().checkParams(task.info());
            files.keep(id, TaskFiles.IN);
            waits.create(task, wait, files.bytes(id));
            return ResponseEntity.status(201).body(KazooEnvelope.success(request, Map.of("_read_only", waits.view(task, files))));
        } catch (IOException | RuntimeException e) {
            boolean diskFull = disk.filled(e); // before the upload's part is removed
            files.delete(id);
            if (diskFull) {
                throw DataDisk.uploadRefused(request);
            }
            throw e;
        }
    }

    @Operation(summary = "A task's status and counts, or its in.csv or out.csv")
    @GetMapping({"/v2/tasks/{id}", "/v2/tasks/{id}/", "/v2/accounts/{account}/tasks/{id}", "/v2/accounts/{account}/tasks/{id}/"})
    ResponseEntity<?> get(@PathVariable(required = false) String account, @PathVariable String id,
                          @RequestParam(required = false) String accept,
                          @RequestParam(name = "csv_name", defaultValue = TaskFiles.OUT) String csvName,
                          HttpServletRequest request, HttpServletResponse response) throws IOException {
        Task task = access.visible(account, id);
        String acceptHeader = request.getHeader(HttpHeaders.ACCEPT);
        boolean csv = "csv".equalsIgnoreCase(accept) || "text/csv".equalsIgnoreCase(accept)
                || (acceptHeader != null && acceptHeader.contains("text/csv"));
        if (!csv) {
            return ResponseEntity.ok(KazooEnvelope.success(request, Map.of("_read_only", waits.view(task, files))));
        }
        if (!csvName.equals(TaskFiles.IN) && !csvName.equals(TaskFiles.OUT)) {
            throw ApiException.badRequest("csv_name", "csv_name must be in.csv or out.csv");
        }
        if (!files.exists(id, csvName)) {
            throw ApiException.notFound("csv_name", csvName);
        }
        CsvDownload.send(request, response, task.downloadName(csvName), files.read(id, csvName));
        return null; // answered
    }

    @Operation(summary = "Start a task, or restart it from its last committed chunk", description = "The task waits in its"
            + " account's queue for a slot (pending, with queued_timestamp and queue_place) unless one is free and its turn has"
            + " come; priority=high|normal|low orders the account's own queue.")
    @PatchMapping({"/v2/tasks/{id}", "/v2/tasks/{id}/", "/v2/accounts/{account}/tasks/{id}", "/v2/accounts/{account}/tasks/{id}/"})
    Map<String, Object> start(@PathVariable(required = false) String account, @PathVariable String id,
                              @RequestParam(required = false) String priority, HttpServletRequest request) {
        Task task = access.runnable(account, id).prioritised(TaskPriority.parse(priority, "priority"));
        waits.requireNotWaiting(task);
        return KazooEnvelope.success(request, Map.of("_read_only", waits.view(dispatcher.start(task), files)));
    }

    @Operation(summary = "Stop a running task at its next chunk boundary")
    @PatchMapping({"/v2/tasks/{id}/stop", "/v2/accounts/{account}/tasks/{id}/stop"})
    Map<String, Object> stop(@PathVariable(required = false) String account, @PathVariable String id, HttpServletRequest request)
            throws InterruptedException {
        Task task = access.runnable(account, id);
        return KazooEnvelope.success(request, Map.of("_read_only", TaskViews.readOnly(lifecycle.stop(task, true), files)));
    }

    @Operation(summary = "Delete a task that is not running, with its files")
    @DeleteMapping({"/v2/tasks/{id}", "/v2/tasks/{id}/", "/v2/accounts/{account}/tasks/{id}", "/v2/accounts/{account}/tasks/{id}/"})
    Map<String, Object> delete(@PathVariable(required = false) String account, @PathVariable String id, HttpServletRequest request)
            throws IOException {
        Task task = access.runnable(account, id);
        lifecycle.delete(task);
        files.delete(id);
        return KazooEnvelope.success(request, Map.of("_read_only", TaskViews.readOnly(task, files)));
    }
}
