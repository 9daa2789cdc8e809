package io.batchworks.plugins.numbers;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import io.batchworks.plugin.ApiException;
import io.batchworks.plugin.PluginContext;
import io.batchworks.plugin.Row;
import io.batchworks.plugin.tasks.NewTask;
import io.batchworks.plugin.tasks.TaskState;
import io.batchworks.plugin.web.KazooEnvelope;
import io.batchworks.plugin.web.KazooPage;

import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Kazoo's resource jobs: {@code [/v2/accounts/{ACCOUNT_ID}]/v2/resources/jobs[/{JOB_ID}]}. A job is a
 * {@code numbers/add} task of the same id, so it runs, restarts and recovers like any task; this API adds
 * Kazoo's view of it: {@code status} (pending, running, complete), {@code successes} and {@code errors}.
 */
final class JobsApi {

    /** Kazoo's widest created_from..created_to span: 31 days and an hour. */
    static final long MAX_RANGE_S = 31L * 86_400 + 3_600;
    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("yyyyMM").withZone(ZoneOffset.UTC);

    private final JobStore jobs;
    private final Scopes scopes;
    private final PluginContext context;

    JobsApi(JobStore jobs, Scopes scopes, PluginContext context) {
        this.jobs = jobs;
        this.scopes = scopes;
        this.context = context;
    }

    void routes(RouterFunctions.Builder routes) {
        for (String base : List.of("/v2/accounts/{account}/resources/jobs", "/v2/resources/jobs")) {
            routes.GET(base, this::list).PUT(base, this::create).GET(base + "/{job}", this::read);
        }
    }

    private ServerResponse create(ServerRequest request) throws Exception {
        String account = scopes.jobs(request);
        ObjectNode data = ResourceDocs.data(request);
        JsonNode numbers = data.get("numbers");
        if (numbers == null || numbers.isNull()) {
            throw ApiException.invalidData("numbers", "required", "Field is required but missing");
        }
        if (!numbers.isArray()) {
            throw ApiException.invalidData("numbers", "type", "Value is not of type array");
        }
        if (numbers.isEmpty()) {
            throw ApiException.invalidData("numbers", "minItems", "The list must have at least 1 number");
        }
        for (int i = 0; i < numbers.size(); i++) {
            if (!numbers.get(i).isString()) {
                throw ApiException.invalidData("numbers." + i, "type", "Value is not of type string");
            }
        }
        String resourceId = text(data, "resource_id", true);
        String name = text(data, "name", false);

        long now = System.currentTimeMillis();
        String id = MONTH.format(Instant.ofEpochMilli(now)) + "-" + Scopes.hex(8);
        String caller = context.caller(request).accountId();
        jobs.insert(new JobStore.Job(id, account, caller, resourceId, name, now));
        Map<String, String> params = new LinkedHashMap<>();
        params.put("resource_id", resourceId);
        if (name != null) {
            params.put("name", name);
        }
        Iterable<List<String>> rows = () -> Stream.iterate(0, i -> i < numbers.size(), i -> i + 1)
                .map(i -> List.of(numbers.get(i).asString())).iterator();
        TaskState state;
        try {
            state = context.tasks().start(new NewTask(id, "numbers", "add", account, caller, params, List.of("number"), rows));
        } catch (RuntimeException e) {
            jobs.delete(id);
            throw e;
        }
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("errors", Map.of());
        view.put("id", id);
        if (name != null) {
            view.put("name", name);
        }
        List<String> given = new ArrayList<>(numbers.size());
        numbers.forEach(n -> given.add(n.asString()));
        view.put("numbers", given);
        view.put("resource_id", resourceId);
        view.put("status", status(Optional.of(state)));
        view.put("successes", Map.of());
        view.put("timestamp", KazooEnvelope.gregorianSeconds(Instant.ofEpochMilli(now)));
        return ServerResponse.status(202).body(KazooEnvelope.success(request.servletRequest(), view));
    }

    private ServerResponse list(ServerRequest request) {
        String account = scopes.jobs(request);
        long nowS = KazooEnvelope.gregorianSeconds(Instant.now());
        long to = gregorian(request, "created_to", nowS);
        long from = gregorian(request, "created_from", to - MAX_RANGE_S);
        if (to < from) {
            throw new ApiException(400, "invalid data", Map.of("created_from", Map.of("date_range",
                    Map.of("message", "created_from is prior to created_to", "cause", from))));
        }
        if (to - from > MAX_RANGE_S) {
            throw new ApiException(400, "invalid data", Map.of("created_from", Map.of("date_range",
                    Map.of("message", "created_to is more than " + MAX_RANGE_S + " seconds from created_from", "cause", to))));
        }
        KazooPage page = KazooPage.of(request.servletRequest());
        Long startCreated = null;
        String startId = null;
        if (page.startKey() != null) {
            if (page.startKey().matches("\\d{1,15}")) {
                startCreated = millis(Long.parseLong(page.startKey()));
            } else {
                JobStore.Job start = jobs.find(account, page.startKey())
                        .orElseThrow(() -> ApiException.badRequest("start_key", "start_key is not a key this API returned"));
                startCreated = start.created();
                startId = start.id();
            }
        }
        List<JobStore.Job> found = jobs.page(account, millis(from), millis(to) + 999, startCreated, startId, page.fetchSize());
        return ServerResponse.status(200).body(page.reply(request.servletRequest(), found, this::summary, JobStore.Job::id));
    }

    private Map<String, Object> summary(JobStore.Job job) {
        Optional<TaskState> state = context.tasks().find(job.id());
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("failures", state.map(TaskState::failureCount).orElse(0L));
        view.put("successes", state.map(TaskState::successCount).orElse(0L));
        view.put("id", job.id());
        if (job.name() != null) {
            view.put("name", job.name());
        }
        view.put("status", status(state));
        view.put("timestamp", KazooEnvelope.gregorianSeconds(Instant.ofEpochMilli(job.created())));
        view.put("resource_id", job.resourceId());
        return view;
    }

    /** The whole job, streamed: its numbers, and the outcome of each one processed so far. */
    private ServerResponse read(ServerRequest request) {
        String account = scopes.jobs(request);
        String id = request.pathVariable("job");
        JobStore.Job job = jobs.find(account, id).orElseThrow(() -> ApiException.notFound("job_id", id));
        String status = status(context.tasks().find(id));
        return KazooEnvelope.stream(request, 200, json -> {
            json.writeStartObject();
            json.writeStringProperty("id", job.id());
            if (job.name() != null) {
                json.writeStringProperty("name", job.name());
            }
            json.writeStringProperty("resource_id", job.resourceId());
            json.writeStringProperty("status", status);
            json.writeNumberProperty("timestamp", KazooEnvelope.gregorianSeconds(Instant.ofEpochMilli(job.created())));
            json.writeArrayPropertyStart("numbers");
            try (Stream<Row> rows = context.tasks().input(id)) {
                for (Row row : (Iterable<Row>) rows::iterator) {
                    json.writeString(row.cells().getOrDefault("number", ""));
                }
            }
            json.writeEndArray();
            json.writeObjectPropertyStart("successes");
            jobs.results(id, true, r -> number(json, r));
            json.writeEndObject();
            json.writeObjectPropertyStart("errors");
            jobs.results(id, false, r -> {
                json.writeObjectPropertyStart(r.number());
                json.writeStringProperty("reason", r.reason());
                json.writeStringProperty("message", r.message());
                json.writeEndObject();
            });
            json.writeEndObject();
            json.writeEndObject();
        });
    }

    /** A number added by the job, as its document stood then. */
    private static void number(JsonGenerator json, JobStore.Result r) {
        long at = KazooEnvelope.gregorianSeconds(Instant.ofEpochMilli(r.at()));
        json.writeObjectPropertyStart(r.number());
        json.writeStringProperty("id", r.number());
        json.writeStringProperty("assigned_to", r.accountId());
        json.writeStringProperty("resource_id", r.resourceId());
        json.writeStringProperty("state", NumberAdder.STATE);
        json.writeNumberProperty("created", at);
        json.writeNumberProperty("modified", at);
        json.writeEndObject();
    }

    /**
     * Kazoo's job status from its task's: {@code pending} until it runs, {@code running}, then {@code complete}.
     * A run that failed is {@code pending} again: recovery resumes it.
     */
    static String status(Optional<TaskState> state) {
        if (state.isEmpty()) {
            return "deleted";
        }
        TaskState s = state.get();
        if (s.finished()) {
            return "complete";
        }
        return switch (s.status()) {
            case TaskState.EXECUTING -> "running";
            case TaskState.STOPPED -> "stopped";
            default -> "pending";
        };
    }

    private static String text(ObjectNode data, String field, boolean required) {
        JsonNode value = data.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                throw ApiException.invalidData(field, "required", "Field is required but missing");
            }
            return null;
        }
        if (!value.isString() || value.asString().isBlank()) {
            throw ApiException.invalidData(field, "type", "Value is not a non-empty string");
        }
        return value.asString().strip();
    }

    private static long gregorian(ServerRequest request, String param, long fallback) {
        Optional<String> raw = request.param(param);
        if (raw.isEmpty() || raw.get().isBlank()) {
            return fallback;
        }
        try {
            return Long.parseLong(raw.get().strip());
        } catch (NumberFormatException e) {
            throw ApiException.invalidData(param, "type", param + " must be a timestamp in Gregorian seconds");
        }
    }

    private static long millis(long gregorianSeconds) {
        return (gregorianSeconds - KazooEnvelope.GREGORIAN_OFFSET) * 1000;
    }
}
