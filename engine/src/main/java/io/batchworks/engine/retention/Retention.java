package io.batchworks.engine.retention;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import io.batchworks.engine.EngineDatabase;
import io.batchworks.engine.EngineSettings;
import io.batchworks.engine.audit.AuditLog;
import io.batchworks.engine.scheduling.PeriodicTriggers;
import io.batchworks.engine.tasks.LeftRuns;
import io.batchworks.engine.tasks.TaskFiles;
import io.batchworks.plugin.data.Database;
import io.batchworks.plugin.jobs.Periodic;

import org.quartz.SchedulerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.item.database.Order;
import org.springframework.batch.infrastructure.item.database.builder.JdbcPagingItemReaderBuilder;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The cleanup of finished work ({@code batchworks.retention.*}): a Spring Batch job of the engine, fired every
 * {@code interval} by a clustered Quartz trigger, so one node at a time runs it. Its first step removes the tasks
 * whose retention has passed since they ended (by status; never one marked {@code keep}, nor an
 * {@code internal_error} that recovery will resume), with everything of theirs ({@link ExpiredTasks}); its second
 * removes audit records older than theirs. Each chunk is one short transaction, so running tasks are never held up.
 * The cut-offs are the job's parameters: a run cut off (its node killed) goes on at the next firing from its last
 * committed chunk, with the same cut-offs. A firing with nothing expired launches nothing. What a run removed is
 * counted ({@code batchworks_retention_removed_total}) and audited. Its trigger is registered while the engine starts,
 * before it takes requests or runs Quartz's triggers: a firing (a {@code POST /v2/retention} included) that came first
 * would find nothing registered on this node and be dropped.
 */
@Component
class Retention implements SmartInitializingSingleton {

    static final String JOB = "batchworks.retention";
    /** Its name among the periodic work, {@code engine.retention}. */
    static final String NAME = "retention";
    private static final Logger log = LoggerFactory.getLogger(Retention.class);
    private static final String[] STATUSES = {"success", "partial", "failure", "stopped", "internal_error"};

    private final EngineSettings.Retention settings;
    private final JobRepository jobRepository;
    private final JobOperator jobOperator;
    private final PlatformTransactionManager transactions;
    private final DataSource dataSource;
    private final JdbcClient jdbc;
    private final TaskFiles files;
    private final AuditLog audit;
    private final PeriodicTriggers triggers;
    private final LeftRuns leftRuns;
    private final boolean postgres;
    private final Counter tasksRemoved;
    private final Counter auditRemoved;

    Retention(EngineSettings settings, JobRepository jobRepository, JobOperator jobOperator, PlatformTransactionManager transactions,
              DataSource dataSource, JdbcClient jdbc, TaskFiles files, AuditLog audit, PeriodicTriggers triggers, MeterRegistry meters,
              EngineDatabase database) {
        this.settings = settings.retention();
        this.jobRepository = jobRepository;
        this.jobOperator = jobOperator;
        this.transactions = transactions;
        this.dataSource = dataSource;
        this.jdbc = jdbc;
        this.files = files;
        this.audit = audit;
        this.triggers = triggers;
        this.leftRuns = new LeftRuns(jobRepository);
        this.postgres = database.kind() == Database.POSTGRESQL;
        this.tasksRemoved = removed(meters, "tasks");
        this.auditRemoved = removed(meters, "audit_records");
    }

    private static Counter removed(MeterRegistry meters, String what) {
        return Counter.builder("batchworks.retention.removed").description("finished work the cleanup removed").tag("what", what)
                .register(meters);
    }

    @Override
    public void afterSingletonsInstantiated() {
        if (postgres) {
            indexSpringBatchTables();
        }
        try {
            triggers.register("engine", new Periodic(NAME, settings.interval(), this::cleanUp));
        } catch (SchedulerException e) {
            throw new IllegalStateException("the cleanup's trigger could not be registered", e);
        }
    }

    /**
     * On PostgreSQL, indexes on the columns by which the cleanup finds a job instance's records (and which each removal's
     * foreign key checks read): without them every chunk would read those tables whole. HSQLDB indexes foreign keys by
     * itself. Made here, not by a migration, because Spring Boot makes the Spring Batch tables in no set order with
     * Flyway; once made, nothing is done.
     */
    private void indexSpringBatchTables() {
        Map<String, String> indexes = Map.of("bw_batch_execution_instance", "BATCH_JOB_EXECUTION (JOB_INSTANCE_ID)",
                "bw_batch_params_execution", "BATCH_JOB_EXECUTION_PARAMS (JOB_EXECUTION_ID)",
                "bw_batch_step_execution", "BATCH_STEP_EXECUTION (JOB_EXECUTION_ID)");
        indexes.forEach((name, on) -> {
            try {
                jdbc.sql("CREATE INDEX IF NOT EXISTS " + name + " ON " + on).update();
            } catch (DataAccessException madeByAnotherNode) {
                log.debug("Index {} not made here: {}", name, madeByAnotherNode.getMessage());
            }
        });
    }

    /** One firing: goes on with a run that was cut off, or starts one if anything has expired. */
    void cleanUp() {
        JobInstance last = jobRepository.getLastJobInstance(JOB);
        JobExecution lastRun = last == null ? null : jobRepository.getLastJobExecution(last);
        JobParameters params;
        if (lastRun != null && lastRun.getStatus() != BatchStatus.COMPLETED) {
            // one node at a time runs this: a run recorded as going on was cut off with its node
            leftRuns.abandon(last);
            params = lastRun.getJobParameters();
            log.info("The cleanup of finished work goes on from run {}, cut off", lastRun.getId());
        } else {
            params = cutOffs(System.currentTimeMillis());
            if (!anythingExpired(params)) {
                return;
            }
        }
        try {
            jobOperator.start(job(values(params)), params);
        } catch (Exception e) {
            log.error("The cleanup of finished work could not run; it is tried again in {}", settings.interval(), e);
        }
    }

    private JobParameters cutOffs(long now) {
        Duration[] kept = {settings.success(), settings.partial(), settings.failure(), settings.stopped(), settings.internalError()};
        JobParametersBuilder params = new JobParametersBuilder().addLong("run.at", now);
        for (int i = 0; i < STATUSES.length; i++) {
            params.addLong(STATUSES[i], cutOff(now, kept[i]), false);
        }
        return params.addLong("audit", cutOff(now, settings.audit()), false).toJobParameters();
    }

    /** What ended before it has expired; -1 (nothing) for work kept for ever. */
    private static long cutOff(long now, Duration kept) {
        return kept.isZero() ? -1 : now - kept.toMillis();
    }

    private boolean anythingExpired(JobParameters params) {
        return jdbc.sql("SELECT id FROM bw_task WHERE " + EXPIRED + " FETCH FIRST 1 ROWS ONLY").params(values(params))
                .query(String.class).optional().isPresent()
                || jdbc.sql("SELECT id FROM bw_audit WHERE happened < :audit FETCH FIRST 1 ROWS ONLY").params(values(params))
                .query(Long.class).optional().isPresent();
    }

    /** The tasks whose retention has passed, by the cut-offs named as the job's parameters. */
    private static final String EXPIRED = "keep = FALSE AND ((status = 'success' AND ended < :success)"
            + " OR (status = 'partial' AND ended < :partial) OR (status = 'failure' AND ended < :failure)"
            + " OR (status = 'stopped' AND ended < :stopped) OR (status = 'internal_error' AND retry_at IS NULL AND ended < :internal_error))";

    private static Map<String, Object> values(JobParameters params) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (String status : STATUSES) {
            values.put(status, params.getLong(status));
        }
        values.put("audit", params.getLong("audit"));
        return values;
    }

    /** The job, its readers bound to the run's cut-offs. */
    private Job job(Map<String, Object> cutOffs) throws Exception {
        AtomicLong tasks = new AtomicLong();
        AtomicLong records = new AtomicLong();
        return new JobBuilder(JOB, jobRepository).listener(new JobExecutionListener() {
            @Override
            public void afterJob(JobExecution execution) {
                if (tasks.get() + records.get() > 0) {
                    audit.record("retention", "engine", "run " + execution.getId(), null,
                            "removed " + tasks.get() + " tasks and " + records.get() + " audit records");
                }
            }
        }).start(tasksStep(cutOffs, tasks)).next(auditStep(cutOffs, records)).build();
    }

    private Step tasksStep(Map<String, Object> cutOffs, AtomicLong removed) throws Exception {
        var reader = new JdbcPagingItemReaderBuilder<ExpiredTasks.Expired>().name("expired-tasks").dataSource(dataSource)
                .selectClause("SELECT id, modified, job_execution_id").fromClause("FROM bw_task").whereClause(EXPIRED)
                .parameterValues(cutOffs).sortKeys(Map.of("id", Order.ASCENDING)).pageSize(settings.chunk())
                .rowMapper((rs, n) -> new ExpiredTasks.Expired(rs.getString(1), rs.getLong(2), rs.getObject(3, Long.class)))
                .build();
        return new StepBuilder("expired-tasks", jobRepository).<ExpiredTasks.Expired, ExpiredTasks.Expired>chunk(settings.chunk())
                .transactionManager(transactions).reader(reader)
                .writer(new ExpiredTasks(dataSource, files, n -> {
                    removed.addAndGet(n);
                    tasksRemoved.increment(n);
                }))
                .build();
    }

    private Step auditStep(Map<String, Object> cutOffs, AtomicLong removed) throws Exception {
        var reader = new JdbcPagingItemReaderBuilder<Long>().name("expired-audit").dataSource(dataSource)
                .selectClause("SELECT id").fromClause("FROM bw_audit").whereClause("happened < :audit")
                .parameterValues(cutOffs).sortKeys(Map.of("id", Order.ASCENDING)).pageSize(settings.chunk())
                .rowMapper((rs, n) -> rs.getLong(1)).build();
        return new StepBuilder("expired-audit", jobRepository).<Long, Long>chunk(settings.chunk())
                .transactionManager(transactions).reader(reader)
                .writer(chunk -> {
                    int n = jdbc.sql("DELETE FROM bw_audit WHERE id IN (" + ExpiredTasks.marks(chunk.size()) + ")")
                            .params(chunk.getItems().stream().map(id -> (Object) id).toList()).update();
                    ExpiredTasks.afterCommit(() -> {
                        removed.addAndGet(n);
                        auditRemoved.increment(n);
                    });
                })
                .build();
    }
}
