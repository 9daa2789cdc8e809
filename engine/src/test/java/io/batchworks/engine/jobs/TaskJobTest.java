package io.batchworks.engine.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import javax.sql.DataSource;

import io.batchworks.engine.EngineSettings;
import io.batchworks.engine.Ids;
import io.batchworks.engine.csv.Csv;
import io.batchworks.engine.support.EngineScenarios;
import io.batchworks.engine.support.OnBothDatabases;
import io.batchworks.plugin.ChunkWriter;
import io.batchworks.plugin.ExportQuery;
import io.batchworks.plugin.PartitionKey;
import io.batchworks.plugin.Row;
import io.batchworks.plugin.RowRejectedException;
import io.batchworks.plugin.TaskInfo;
import io.batchworks.plugin.TaskType;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.test.JobOperatorTestUtils;
import org.springframework.batch.test.MetaDataInstanceFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The job a task type becomes ({@link TaskJobs}), run step by step with Spring Batch's test utilities on the engine's
 * real job repository and database: what a chunk commits, what a failed chunk leaves, where a restart begins, and
 * where a stop ends.
 */
@OnBothDatabases
public class TaskJobTest extends EngineScenarios {

    private static final int CHUNK = 10;

    private JdbcTemplate jdbc;
    private Path dir;
    private final AtomicLong success = new AtomicLong();
    private final AtomicLong failure = new AtomicLong();

    @Override
    protected String[] engineArgs() {
        return new String[] {"--steps.names.chunk-size=" + CHUNK, "--batchworks.partition.threads=3"};
    }

    @BeforeEach
    void freshTask() throws Exception {
        jdbc = new JdbcTemplate(engine.bean(DataSource.class));
        jdbc.execute("CREATE TABLE IF NOT EXISTS step_name (task_id VARCHAR(64) NOT NULL, name VARCHAR(64) NOT NULL)");
        dir = Files.createTempDirectory(work, "task");
        success.set(0);
        failure.set(0);
    }

    @Test
    void aChunkThatFailsMidWriteLeavesNothingOfItAndTheRestartResumesAtIt() throws Exception {
        String task = Ids.newId();
        input(35, i -> i == 17 ? "1bad" : "n" + i);
        AtomicBoolean broken = new AtomicBoolean(true);
        TaskType type = names((items, info) -> {
            for (String name : items.all()) {
                jdbc.update("INSERT INTO step_name (task_id, name) VALUES (?, ?)", info.id(), name);
                if (name.equals("n25") && broken.get()) {
                    throw new IllegalStateException("disk full"); // after five rows of the chunk were written
                }
            }
        });
        JobOperatorTestUtils run = runner(type, task);

        JobExecution failed = run.startJob(TaskJobs.params(task));
        assertThat(failed.getStatus()).isEqualTo(BatchStatus.FAILED);
        StepExecution step = failed.getStepExecutions().iterator().next();
        assertThat(step.getCommitCount()).as("chunks committed before the failure").isEqualTo(2);
        assertThat(names(task)).as("rows of the failed chunk are rolled back").hasSize(19)
                .doesNotContain("n20", "n25");
        assertThat(success.get()).isEqualTo(19);
        assertThat(failure.get()).isEqualTo(1);
        assertThat(out()).containsExactly("name,error,line", "1bad,letters and digits after one letter,19");
        assertThat(step.getExecutionContext().getInt(Csv.READER + ".read.count")).isEqualTo(20);

        broken.set(false);
        JobExecution restarted = run.startJob(TaskJobs.params(task));
        assertThat(restarted.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(restarted.getJobInstance().getInstanceId()).isEqualTo(failed.getJobInstance().getInstanceId());
        assertThat(names(task)).as("each row once").hasSize(34).doesNotHaveDuplicates();
        assertThat(success.get()).isEqualTo(34);
        assertThat(failure.get()).isEqualTo(1);
        assertThat(out()).hasSize(2);
    }

    @Test
    void aSplitTaskRunsItsPartitionsAtOnceAndItsRestartRunsTheFailedPartitionAlone() throws Exception {
        String task = Ids.newId();
        input(300, i -> i % 50 == 7 ? "1bad" + i : "n" + i);
        AtomicBoolean broken = new AtomicBoolean(true);
        Set<String> threads = ConcurrentHashMap.newKeySet();
        TaskType type = names((items, info) -> {
            threads.add(Thread.currentThread().getName());
            for (String name : items.all()) {
                jdbc.update("INSERT INTO step_name (task_id, name) VALUES (?, ?)", info.id(), name);
                if (name.equals("n123") && broken.get()) {
                    throw new IllegalStateException("disk full");
                }
            }
        }, row -> row.get("name"));
        JobOperatorTestUtils run = runner(type, task);

        JobExecution failed = run.startJob(TaskJobs.params(task));
        assertThat(failed.getStatus()).isEqualTo(BatchStatus.FAILED);
        Map<String, BatchStatus> parts = new TreeMap<>();
        failed.getStepExecutions().forEach(s -> parts.put(s.getStepName(), s.getStatus()));
        assertThat(parts).as("three partitions, one failed").containsEntry("partitions-3", BatchStatus.FAILED).hasSize(4)
                .containsKeys("partition:p0", "partition:p1", "partition:p2");
        assertThat(parts.values().stream().filter(BatchStatus.COMPLETED::equals)).hasSize(2);
        assertThat(threads).as("partitions at once, each on a thread").hasSizeGreaterThanOrEqualTo(2);
        assertThat(names(task)).doesNotContain("n123");

        broken.set(false);
        JobExecution restarted = run.startJob(TaskJobs.params(task));
        assertThat(restarted.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(restarted.getStepExecutions().stream().map(StepExecution::getStepName).filter(n -> n.startsWith("partition:")))
                .as("only the failed partition runs again").hasSize(1);
        assertThat(names(task)).as("each row once").hasSize(294).doesNotHaveDuplicates();
        assertThat(success.get()).as("the partitions' counts add up").isEqualTo(294);
        assertThat(failure.get()).isEqualTo(6);
        List<String> out = out();
        assertThat(out.get(0)).isEqualTo("name,error,line");
        assertThat(out.subList(1, out.size())).as("every partition's failed rows, in input order").containsExactly(
                IntStream.range(0, 300).filter(i -> i % 50 == 7)
                        .mapToObj(i -> "1bad" + i + ",letters and digits after one letter," + (i + 2)).toArray(String[]::new));
    }

    @Test
    void aRestartFromASavedExecutionContextReadsOnFromItsCount() throws Exception {
        Path in = input(12, i -> "n" + i);
        ExecutionContext saved = MetaDataInstanceFactory
                .createStepExecution(new ExecutionContext(
                        Map.of(Csv.READER + ".read.count", 8))).getExecutionContext();
        ReadAhead<Row, String> rows = new ReadAhead<>(Csv.reader(in, EngineSettings.DEFAULT_MAX_CSV_LINE),
                Csv.READER, row -> row.get("name") + "@" + row.line(), 4);
        rows.open(saved);
        try {
            assertThat(List.of(rows.read(), rows.read(), rows.read(), rows.read())).containsExactly("n8@10", "n9@11", "n10@12", "n11@13");
            assertThat(rows.read()).isNull();
            rows.update(saved);
            assertThat(saved.getInt(Csv.READER + ".read.count")).isEqualTo(12);
        } finally {
            rows.close();
        }
    }

    @Test
    void aStopEndsTheStepAtAChunkBoundaryAndTheRestartFinishesExactly() throws Exception {
        String task = Ids.newId();
        input(50, i -> "n" + i);
        CountDownLatch inThirdChunk = new CountDownLatch(1);
        CountDownLatch stopAsked = new CountDownLatch(1);
        AtomicBoolean pause = new AtomicBoolean(true);
        TaskType type = names((items, info) -> {
            for (String name : items.all()) {
                jdbc.update("INSERT INTO step_name (task_id, name) VALUES (?, ?)", info.id(), name);
            }
            if (items.all().contains("n20") && pause.get()) {
                inThirdChunk.countDown();
                stopAsked.await(20, TimeUnit.SECONDS);
            }
        });
        JobOperatorTestUtils run = runner(type, task);
        AtomicReference<JobExecution> ended = new AtomicReference<>();
        Thread job = new Thread(() -> {
            try {
                ended.set(run.startJob(TaskJobs.params(task)));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        job.start();
        assertThat(inThirdChunk.await(20, TimeUnit.SECONDS)).isTrue();
        JobRepository repository = engine.bean(JobRepository.class);
        JobExecution running = repository.getLastJobExecution("steps.names", TaskJobs.params(task));
        running.setStatus(BatchStatus.STOPPING); // as TaskLifecycle.stop does
        repository.update(running);
        stopAsked.countDown();
        job.join(20_000);

        assertThat(ended.get().getStatus()).isEqualTo(BatchStatus.STOPPED);
        assertThat(names(task)).as("the chunk in progress commits, no later one runs").hasSize(30);
        assertThat(success.get()).isEqualTo(30);

        pause.set(false);
        JobExecution restarted = run.startJob(TaskJobs.params(task));
        assertThat(restarted.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(names(task)).hasSize(50).doesNotHaveDuplicates();
        assertThat(success.get()).isEqualTo(50);
        assertThat(out()).containsExactly("name,error,line");
    }

    @Test
    void aSourcedTaskReadsItsQueryOnceAndListsEveryRowWithItsResults() throws Exception {
        String source = Ids.newId();
        for (String name : List.of("b2", "a1", "c3", "bad", "d4")) {
            jdbc.update("INSERT INTO step_name (task_id, name) VALUES (?, ?)", source, name);
        }
        String task = Ids.newId();
        TaskType type = TaskType.builder("steps", "names").description("names from a query")
                .source(info -> new ExportQuery(List.of("name"), "SELECT name FROM step_name WHERE task_id = ? ORDER BY name", List.of(source)))
                .results("upper")
                .rows((row, info) -> row.get("name"), (items, info) -> {
                    for (String name : items.all()) {
                        if (name.equals("bad")) {
                            items.reject(name, "not wanted");
                        } else {
                            jdbc.update("INSERT INTO step_name (task_id, name) VALUES (?, ?)", info.id(), name);
                            items.result(name, "upper", name.toUpperCase());
                        }
                    }
                })
                .build();
        JobExecution done = runner(type, task).startJob(TaskJobs.params(task));
        assertThat(done.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(Files.readAllLines(dir.resolve("in.csv"))).containsExactly("name", "a1", "b2", "bad", "c3", "d4");
        assertThat(out()).containsExactly("name,upper,error,line", "a1,A1,,2", "b2,B2,,3", "bad,,not wanted,4", "c3,C3,,5", "d4,D4,,6");
        assertThat(success.get()).isEqualTo(4);
        assertThat(failure.get()).isEqualTo(1);

        jdbc.update("INSERT INTO step_name (task_id, name) VALUES (?, ?)", source, "e5");
        runner(type, task);
        assertThat(Files.readAllLines(dir.resolve("in.csv"))).as("the rows a task started with, not the query's now").hasSize(6);
    }

    /** {@code steps/names}: a name must be letters then digits; accepted names go to {@code writer}. */
    private static TaskType names(ChunkWriter<String> writer) {
        return names(writer, null);
    }

    /** {@code steps/names}, split by {@code key} when it is not {@code null}. */
    private static TaskType names(ChunkWriter<String> writer, PartitionKey key) {
        TaskType.Builder type = TaskType.builder("steps", "names").description("names, step by step").expectedContent("text/csv")
                .mandatory("name")
                .rows((row, info) -> {
                    if (!row.get("name").matches("[a-z][a-z0-9]*")) {
                        throw new RowRejectedException("letters and digits after one letter");
                    }
                    return row.get("name");
                }, writer);
        return (key == null ? type : type.partitionBy(key)).build();
    }

    private JobOperatorTestUtils runner(TaskType type, String task) throws Exception {
        TaskJobs jobs = engine.bean(TaskJobs.class);
        JobOperatorTestUtils run = new JobOperatorTestUtils(engine.bean(JobOperator.class), engine.bean(JobRepository.class));
        run.setJob(jobs.job(new TaskInfo(task, master, master, "steps", "names", Map.of()), type, dir.resolve("in.csv"),
                dir.resolve("out.csv"), (s, f) -> {
                    success.addAndGet(s);
                    failure.addAndGet(f);
                }, new JobExecutionListener() { }));
        return run;
    }

    private Path input(int rows, IntFunction<String> name) throws Exception {
        return Files.writeString(dir.resolve("in.csv"),
                IntStream.range(0, rows).mapToObj(name).collect(Collectors.joining("\n", "name\n", "\n")));
    }

    private List<String> out() throws Exception {
        return Files.readAllLines(dir.resolve("out.csv"));
    }

    private List<String> names(String task) {
        return jdbc.queryForList("SELECT name FROM step_name WHERE task_id = ?", String.class, task);
    }
}
