package io.batchworks.engine.retention;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import io.batchworks.engine.EngineSettings;
import io.batchworks.engine.scheduling.PeriodicTriggers;
import io.batchworks.engine.security.Access;
import io.batchworks.plugin.web.KazooEnvelope;

import org.quartz.SchedulerException;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;

/**
 * The cleanup of finished work, for super admins: {@code GET /v2/retention} (how long each kind of work is kept, and
 * the last run: its status, its steps' counts; what a run removed is in its audit record) and {@code POST /v2/retention} (run it now, on one node).
 */
@RestController
class RetentionApi {

    private final EngineSettings.Retention settings;
    private final JobRepository jobRepository;
    private final PeriodicTriggers triggers;

    RetentionApi(EngineSettings settings, JobRepository jobRepository, PeriodicTriggers triggers) {
        this.settings = settings.retention();
        this.jobRepository = jobRepository;
        this.triggers = triggers;
    }

    @Operation(summary = "The cleanup of finished work: what is kept how long, and its last run (super admins)")
    @GetMapping({"/v2/retention", "/v2/retention/"})
    Map<String, Object> get(HttpServletRequest request) {
        Access.superAdmin();
        Map<String, Object> kept = new LinkedHashMap<>();
        kept.put("success", days(settings.success()));
        kept.put("partial", days(settings.partial()));
        kept.put("failure", days(settings.failure()));
        kept.put("stopped", days(settings.stopped()));
        kept.put("internal_error", days(settings.internalError()));
        kept.put("audit", days(settings.audit()));
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("kept_days", kept);
        data.put("interval_seconds", settings.interval().toSeconds());
        JobInstance last = jobRepository.getLastJobInstance(Retention.JOB);
        JobExecution run = last == null ? null : jobRepository.getLastJobExecution(last);
        if (run != null) {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("id", run.getId());
            view.put("status", run.getStatus().name().toLowerCase(Locale.ROOT));
            view.put("start_time", run.getStartTime() == null ? null : run.getStartTime().toString());
            view.put("end_time", run.getEndTime() == null ? null : run.getEndTime().toString());
            view.put("steps", run.getStepExecutions().stream().map(RetentionApi::step).toList());
            data.put("last_run", view);
        }
        return KazooEnvelope.success(request, data);
    }

    @Operation(summary = "Run the cleanup of finished work now, on one node (super admins)")
    @PostMapping({"/v2/retention", "/v2/retention/"})
    ResponseEntity<Map<String, Object>> runNow(HttpServletRequest request) throws SchedulerException {
        Access.superAdmin();
        triggers.fireNow("engine", Retention.NAME);
        return ResponseEntity.accepted().body(KazooEnvelope.success(request, Map.of("fired", true)));
    }

    /** A step of the run, by Spring Batch's names: tasks or audit records read and handed for removal, chunks committed. */
    private static Map<String, Object> step(StepExecution step) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("name", step.getStepName());
        s.put("status", step.getStatus().name().toLowerCase(Locale.ROOT));
        s.put("read_count", step.getReadCount());
        s.put("write_count", step.getWriteCount());
        s.put("commit_count", step.getCommitCount());
        return s;
    }

    /** Days, or 0 for work kept for ever; a fraction for less than a day. */
    private static double days(Duration kept) {
        return kept.toMillis() / 86_400_000.0;
    }
}
