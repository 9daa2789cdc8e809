package io.batchworks.engine.jobs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import jakarta.annotation.PreDestroy;

import io.batchworks.engine.EngineDatabase;
import io.batchworks.engine.EngineSettings;
import io.batchworks.engine.csv.Csv;
import io.batchworks.engine.files.TaskFileStore;
import io.batchworks.plugin.ExportQuery;
import io.batchworks.plugin.Row;
import io.batchworks.plugin.TaskInfo;
import io.batchworks.plugin.TaskType;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.JobInterruptedException;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.builder.PartitionStepBuilder;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.item.ItemStreamReader;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.core.env.Environment;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;

import io.micrometer.observation.ObservationRegistry;

/**
 * Builds the Spring Batch job of a task from its type: one chunk-oriented step, reader → processor → writer,
 * tuned by {@code <category>.<action>.*} settings (jobs-config). The job's name is the task type and its one
 * identifying parameter the task id, so a rerun of the same task is a restart of the same job instance.
 */
@Component
public class TaskJobs {

    private static final Logger log = LoggerFactory.getLogger(TaskJobs.class);

    /** The step of a rows task that is not split. */
    static final String ROWS = "rows";

    private final JobRepository jobRepository;
    private final PlatformTransactionManager transactions;
    private final Environment settings;
    private final ObservationRegistry observations;
    private final int maxCsvLine;
    private final TaskFileStore store;
    private final int partitions;
    private final ThreadPoolTaskExecutor partitionThreads;
    private final PartitionClaims claims;
    /** Sends partitions to other nodes: present when a broker is configured. */
    private final PartitionSender remote;
    private final QueryRows queries;

    TaskJobs(JobRepository jobRepository, PlatformTransactionManager transactions, DataSource dataSource,
             Environment settings, EngineDatabase database, ObservationRegistry observations, EngineSettings engine,
             TaskFileStore store, PartitionClaims claims, PartitionSender remote) {
        this.claims = claims;
        this.remote = remote.sends() ? remote : null;
        this.maxCsvLine = engine.maxCsvLine();
        this.store = store;
        this.partitions = engine.partition().partitions(this.remote != null);
        this.partitionThreads = new ThreadPoolTaskExecutor();
        partitionThreads.setCorePoolSize(engine.partition().threads());
        partitionThreads.setThreadNamePrefix("partition-");
        partitionThreads.setDaemon(true);
        partitionThreads.initialize();
        this.queries = new QueryRows(dataSource, database.kind(), store);
        this.observations = observations;
        this.jobRepository = jobRepository;
        this.transactions = transactions;
        this.settings = settings;
    }

    /** How many partitions a new task of the type runs at once: 1 unless it is split. */
    public int partitions(TaskType type) {
        return type.rowWork() != null && type.partitionKey() != null ? partitions : 1;
    }

    /** Whether a split task's partitions run on this node's threads (rather than on any node's, through a broker). */
    public boolean splitsHere() {
        return remote == null;
    }

    /**
     * The job of one task.
     *
     * @param input    the task's {@code in.csv} (rows tasks); with {@code task-files=database}, the local copy, fetched
     *                 when missing
     * @param output   where its {@code out.csv} goes (in the database instead, with {@code task-files=database})
     * @param progress where its counts go with each chunk
     * @param listener told when the job begins and ends
     */
    public Job job(TaskInfo task, TaskType type, Path input, Path output, Progress progress, JobExecutionListener listener)
            throws IOException {
        Files.createDirectories(output.getParent());
        store.fetchIfMissing(task.id(), TaskFileStore.IN, input); // another node received it, or took the snapshot
        if (type.source() != null && !Files.exists(input)) {
            queries.snapshot(task, type.source().create(task), input, setting(task, "fetch-size", 1000));
        }
        String name = jobName(task.category(), task.action());
        JobBuilder job = new JobBuilder(name, jobRepository).observationRegistry(observations).listener(listener);
        Sink sink = new Sink(output, progress);
        if (type.rowWork() == null) {
            return job.start(exportStep(task, type.export(), sink)).build();
        }
        int split = type.partitionKey() == null ? 1
                : Partitions.of(jobRepository.getLastJobExecution(name, params(task.id())), partitions);
        if (split <= 1) {
            return job.start(rowsStep(task, type, input, sink, Partitions.Part.WHOLE)).build();
        }
        return job.start(splitStep(task, type, input, sink, split)).next(mergeStep(task.id(), output, split)).build();
    }

    /**
     * The step that runs a task's {@code split} partitions at once: on this node's partition threads, or sent to the
     * nodes that take partitions from the broker.
     */
    private Step splitStep(TaskInfo task, TaskType type, Path input, Sink sink, int split) {
        Step partition = partitionStep(task, type, input, sink, split);
        PartitionStepBuilder step = new StepBuilder(Partitions.STEP + split, jobRepository).observationRegistry(observations)
                .partitioner(partition.getName(), Partitions.partitioner(split));
        if (remote != null) {
            return step.partitionHandler(remote.handler(task.id(), split)).build();
        }
        return step.step(partition).gridSize(split).taskExecutor(partitionThreads).build();
    }

    /**
     * The step of one partition of a split task as a node that takes partitions from the broker runs it; which
     * partition it is comes with its step execution.
     *
     * @param input  the task's {@code in.csv}: the local copy, fetched when missing
     * @param output where its {@code out.csv} goes, beside which the partition's own output is named
     */
    public Step partition(TaskInfo task, TaskType type, Path input, Path output, Progress progress) throws IOException {
        Files.createDirectories(output.getParent());
        store.fetchIfMissing(task.id(), TaskFileStore.IN, input);
        return partitionStep(task, type, input, new Sink(output, progress), 0);
    }

    /**
     * A partition's step, built when it runs: its rows step, once this node has claimed it. A partition another node
     * claimed, or one no longer waiting to begin (a request delivered again), is left alone.
     *
     * @param split the partitions of the task, for a partition begun before its context recorded them (0: unknown)
     */
    private Step partitionStep(TaskInfo task, TaskType type, Path input, Sink sink, int split) {
        return new Step() {
            @Override
            public String getName() {
                return "partition";
            }

            @Override
            public void execute(StepExecution execution) throws JobInterruptedException {
                if (execution.getStatus() != BatchStatus.STARTING || !claims.claim(execution.getId(), task.id())) {
                    log.info("Partition {} of task {} is not this node's to run ({})", execution.getStepName(), task.id(),
                            execution.getStatus());
                    return;
                }
                try {
                    rowsStep(task, type, input, sink, Partitions.Part.of(execution, split)).execute(execution);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
    }

    /** The last step of a split task: the partitions' outputs into {@code out.csv}. */
    private Step mergeStep(String taskId, Path output, int split) {
        return new StepBuilder("merge", jobRepository).observationRegistry(observations)
                .tasklet((contribution, chunk) -> {
                    mergeOutputs(taskId, output, split);
                    return RepeatStatus.FINISHED;
                }, transactions)
                .build();
    }

    /** The job of every task of a type: {@code <category>.<action>}. */
    public static String jobName(String category, String action) {
        return category + "." + action;
    }

    /** A task's job instance (one per task, whatever its runs), or null before its first run. */
    public static JobInstance instance(JobRepository repository, String category, String action, String taskId) {
        return repository.getJobInstance(jobName(category, action), params(taskId));
    }

    /** A task job's one identifying parameter: its task's id, so a rerun of a task is a restart of its job instance. */
    public static JobParameters params(String taskId) {
        return new JobParametersBuilder().addString("task.id", taskId).toJobParameters();
    }

    /** The partitions' outputs merged into {@code out.csv}, in input order; they are kept until the task is deleted. */
    private void mergeOutputs(String taskId, Path output, int split) throws IOException {
        List<Path> parts = new ArrayList<>();
        for (int i = 0; i < split; i++) {
            Path part = output.resolveSibling(new Partitions.Part(i, split).output());
            if (store.inUse()) {
                store.fetch(taskId, part.getFileName().toString(), part);
            }
            parts.add(part);
        }
        Partitions.merge(parts, output, (int) Math.min(Integer.MAX_VALUE, 2L * maxCsvLine + 4096)); // a row, its reason, its line
        if (store.inUse()) {
            store.store(taskId, TaskFileStore.OUT, output);
        }
    }

    @PreDestroy
    void stop() {
        partitionThreads.shutdown();
    }

    private record Sink(Path file, Progress progress) {
    }

    /** The step of a rows task, or of one of its partitions: only the rows of {@code part} are handled. */
    private <T> Step rowsStep(TaskInfo task, TaskType type, Path inputFile, Sink sink, Partitions.Part part) throws IOException {
        @SuppressWarnings("unchecked")
        TaskType.RowWork<T> work = (TaskType.RowWork<T>) type.rowWork();
        List<String> results = type.results();
        List<String> header = type.records() != null ? type.recordColumns() : Csv.header(inputFile);
        List<String> columns = new ArrayList<>(header);
        columns.addAll(results);
        TaskOutput output = output(task, sink, Csv.withOutcome(columns), part.output());
        RowOutcomes<T> outcomes = new RowOutcomes<>(work.handler(), work.writer(), task, header, results, output,
                setting(task, "wait-after-row-ms", 0));
        int chunkSize = setting(task, "chunk-size", 1000);
        ItemStreamReader<RowOutcomes.Outcome<T>> rows;
        if (type.records() != null) {
            rows = new RecordReader<>(type.records(), task, header, row -> outcomes.process(row, null));
        } else {
            Csv.Rows input = Csv.reader(inputFile, maxCsvLine);
            rows = new ReadAhead<>(input, Csv.READER, row -> {
                String defect = input.defect(row); // asked once per row
                return part.holds(row, type.partitionKey(), defect != null) ? outcomes.process(row, defect) : null;
            }, chunkSize);
        }
        return new StepBuilder(ROWS, jobRepository).observationRegistry(observations)
                .<RowOutcomes.Outcome<T>, RowOutcomes.Outcome<T>>chunk(chunkSize)
                .transactionManager(transactions)
                .reader(rows)
                .writer(outcomes)
                .stream(output)
                .build();
    }

    private Step exportStep(TaskInfo task, ExportQuery.Factory factory, Sink sink) {
        ExportQuery query = factory.create(task);
        TaskOutput output = output(task, sink, query.columns(), TaskFileStore.OUT);
        return new StepBuilder("export", jobRepository).observationRegistry(observations)
                .<String, String>chunk(setting(task, "chunk-size", 1000))
                .transactionManager(transactions)
                .reader(queries.reader(query, setting(task, "fetch-size", 1000)))
                .writer(chunk -> output.record(chunk.size(), chunk.getItems(), 0))
                .stream(output)
                .build();
    }

    private TaskOutput output(TaskInfo task, Sink sink, List<String> header, String name) {
        return new TaskOutput(sink.progress(), store.inUse() ? new StoredLines(store, task.id(), name, header)
                : TaskOutput.file(sink.file().resolveSibling(name), header));
    }

    private int setting(TaskInfo task, String name, int fallback) {
        Integer general = settings.getProperty("batchworks.tasks." + name, Integer.class, fallback);
        return settings.getProperty(task.category() + "." + task.action() + "." + name, Integer.class, general);
    }
}
