package io.batchworks.engine.jobs;

import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import io.batchworks.engine.EngineDatabase;
import io.batchworks.engine.EngineSettings;
import io.batchworks.engine.bulk.PostgresCopyExport;
import io.batchworks.engine.csv.Csv;
import io.batchworks.engine.files.TaskFileStore;
import io.batchworks.plugin.Database;
import io.batchworks.plugin.Decimals;
import io.batchworks.plugin.ExportQuery;
import io.batchworks.plugin.Row;
import io.batchworks.plugin.TaskInfo;
import io.batchworks.plugin.TaskType;

import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamReader;
import org.springframework.batch.infrastructure.item.database.JdbcCursorItemReader;
import org.springframework.core.env.Environment;
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

    private final JobRepository jobRepository;
    private final PlatformTransactionManager transactions;
    private final DataSource dataSource;
    private final Environment settings;
    private final Database database;
    private final ObservationRegistry observations;
    private final int maxCsvLine;
    private final TaskFileStore store;
    private final boolean stored;

    TaskJobs(JobRepository jobRepository, PlatformTransactionManager transactions, DataSource dataSource,
             Environment settings, EngineDatabase database, ObservationRegistry observations, EngineSettings engine,
             TaskFileStore store) {
        this.maxCsvLine = engine.maxCsvLine();
        this.store = store;
        this.stored = engine.taskFiles() == EngineSettings.Storage.DATABASE;
        this.database = database.kind();
        this.observations = observations;
        this.jobRepository = jobRepository;
        this.transactions = transactions;
        this.dataSource = dataSource;
        this.settings = settings;
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
        if (stored && !Files.exists(input) && store.has(task.id(), TaskFileStore.IN)) {
            store.fetch(task.id(), TaskFileStore.IN, input); // another node received it, or took the snapshot
        }
        if (type.source() != null && !Files.exists(input)) {
            snapshot(task, type.source().create(task), input);
        }
        Step step = type.rowWork() != null ? rowsStep(task, type.rowWork(), type.results(), input, new Sink(output, progress))
                : exportStep(task, type.export(), new Sink(output, progress));
        return new JobBuilder(task.category() + "." + task.action(), jobRepository).observationRegistry(observations).listener(listener).start(step).build();
    }

    private record Sink(Path file, Progress progress) {
    }

    private <T> Step rowsStep(TaskInfo task, TaskType.RowWork<T> work, List<String> results, Path inputFile, Sink sink)
            throws IOException {
        List<String> header = Csv.header(inputFile);
        List<String> columns = new ArrayList<>(header);
        columns.addAll(results);
        TaskOutput output = output(task, sink, Csv.withOutcome(columns));
        Csv.Rows input = Csv.reader(inputFile, maxCsvLine);
        RowOutcomes<T> outcomes = new RowOutcomes<>(work.handler(), work.writer(), task, header, results, output,
                setting(task, "wait-after-row-ms", 0), input::defect);
        int chunkSize = setting(task, "chunk-size", 1000);
        ReadAhead<Row, RowOutcomes.Outcome<T>> rows = new ReadAhead<>(input, Csv.READER, outcomes::process, chunkSize);
        return new StepBuilder("rows", jobRepository).observationRegistry(observations)
                .<RowOutcomes.Outcome<T>, RowOutcomes.Outcome<T>>chunk(chunkSize)
                .transactionManager(transactions)
                .reader(rows)
                .writer(outcomes)
                .stream(output)
                .build();
    }

    private Step exportStep(TaskInfo task, ExportQuery.Factory factory, Sink sink) {
        ExportQuery query = factory.create(task);
        TaskOutput output = output(task, sink, query.columns());
        return new StepBuilder("export", jobRepository).observationRegistry(observations)
                .<String, String>chunk(setting(task, "chunk-size", 1000))
                .transactionManager(transactions)
                .reader(exportReader(task, query))
                .writer(chunk -> output.record(chunk.size(), chunk.getItems(), 0))
                .stream(output)
                .build();
    }

    private TaskOutput output(TaskInfo task, Sink sink, List<String> header) {
        return new TaskOutput(sink.progress(), stored ? new StoredLines(store, task.id(), header) : TaskOutput.file(sink.file(), header));
    }

    /**
     * Writes a source query's rows as the task's input, once: into a file of its own first (and into the database, with
     * {@code task-files=database}, for the nodes that resume the task), moved into place when complete, so that a crash
     * meanwhile leaves no input and the next start takes the snapshot again.
     */
    private void snapshot(TaskInfo task, ExportQuery query, Path input) throws IOException {
        Path partial = input.resolveSibling(input.getFileName() + ".partial");
        ItemStreamReader<String> rows = exportReader(task, query);
        rows.open(new ExecutionContext());
        try (Writer out = Files.newBufferedWriter(partial, StandardCharsets.UTF_8)) {
            out.write(Csv.line(query.columns()));
            out.write('\n');
            for (String row = rows.read(); row != null; row = rows.read()) {
                out.write(row);
                out.write('\n');
            }
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("the rows of task " + task.id() + " could not be read", e);
        } finally {
            rows.close();
        }
        if (stored) {
            store.store(task.id(), TaskFileStore.IN, partial);
        }
        Files.move(partial, input, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** The query's rows as CSV lines, streamed: on PostgreSQL by COPY, elsewhere by a cursor. */
    private ItemStreamReader<String> exportReader(TaskInfo task, ExportQuery query) {
        if (database == Database.POSTGRESQL) {
            return new PostgresCopyExport(dataSource, query, "export");
        }
        JdbcCursorItemReader<String> reader = new JdbcCursorItemReader<>(dataSource, query.sql(), (rs, n) -> {
            List<String> cells = new ArrayList<>(query.columns().size());
            for (String column : query.columns()) {
                cells.add(text(rs.getObject(column)));
            }
            return Csv.line(cells);
        });
        reader.setName("export");
        reader.setPreparedStatementSetter(ps -> {
            for (int i = 0; i < query.args().size(); i++) {
                ps.setObject(i + 1, query.args().get(i));
            }
        });
        reader.setFetchSize(setting(task, "fetch-size", 1000));
        reader.setConnectionAutoCommit(false);
        return reader;
    }

    private int setting(TaskInfo task, String name, int fallback) {
        Integer general = settings.getProperty("batchworks.tasks." + name, Integer.class, fallback);
        return settings.getProperty(task.category() + "." + task.action() + "." + name, Integer.class, general);
    }

    private static String text(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof BigDecimal d) {
            return Decimals.plain(d).toPlainString();
        }
        return value.toString();
    }
}
