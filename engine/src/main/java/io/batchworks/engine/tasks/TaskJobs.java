package io.batchworks.engine.tasks;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import io.batchworks.engine.bulk.PostgresCopyExport;
import io.batchworks.engine.plugins.EnginePluginContext;
import io.batchworks.engine.plugins.RegisteredTaskType;
import io.batchworks.plugin.Database;
import io.batchworks.plugin.Decimals;
import io.batchworks.plugin.ExportQuery;
import io.batchworks.plugin.Row;
import io.batchworks.plugin.TaskType;

import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.item.ItemStreamReader;
import org.springframework.batch.infrastructure.item.database.JdbcCursorItemReader;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Builds the Spring Batch job of a task from its type: one chunk-oriented step, reader → processor → writer,
 * tuned by {@code <category>.<action>.*} settings (jobs-config). The job's name is the task type and its one
 * identifying parameter the task id, so a rerun of the same task is a restart of the same job instance.
 */
@Component
class TaskJobs {

    private final JobRepository jobRepository;
    private final PlatformTransactionManager transactions;
    private final DataSource dataSource;
    private final TaskStore tasks;
    private final TaskFiles files;
    private final Environment settings;
    private final Database database;

    TaskJobs(JobRepository jobRepository, PlatformTransactionManager transactions, DataSource dataSource, TaskStore tasks,
             TaskFiles files, Environment settings, EnginePluginContext plugins) {
        this.database = plugins.database();
        this.jobRepository = jobRepository;
        this.transactions = transactions;
        this.dataSource = dataSource;
        this.tasks = tasks;
        this.files = files;
        this.settings = settings;
    }

    Job job(Task task, RegisteredTaskType registered, JobExecutionListener listener) throws IOException {
        TaskType type = registered.type();
        Step step = type.rowWork() != null ? rowsStep(task, type.rowWork()) : exportStep(task, type.export());
        return new JobBuilder(task.category() + "." + task.action(), jobRepository).listener(listener).start(step).build();
    }

    private <T> Step rowsStep(Task task, TaskType.RowWork<T> work) throws IOException {
        List<String> header = Csv.header(files.file(task.id(), TaskFiles.IN));
        TaskOutput output = new TaskOutput(task.id(), tasks, files.file(task.id(), TaskFiles.OUT), Csv.withOutcome(header));
        RowOutcomes<T> outcomes = new RowOutcomes<>(work.handler(), work.writer(), task.info(), header, output,
                setting(task, "wait-after-row-ms", 0));
        int chunkSize = setting(task, "chunk-size", 1000);
        ReadAhead<Row, RowOutcomes.Outcome<T>> rows = new ReadAhead<>(Csv.reader(files.file(task.id(), TaskFiles.IN)), Csv.READER,
                outcomes::process, chunkSize);
        return new StepBuilder("rows", jobRepository)
                .<RowOutcomes.Outcome<T>, RowOutcomes.Outcome<T>>chunk(chunkSize)
                .transactionManager(transactions)
                .reader(rows)
                .writer(outcomes)
                .stream(output)
                .build();
    }

    private Step exportStep(Task task, ExportQuery.Factory factory) throws IOException {
        ExportQuery query = factory.create(task.info());
        files.dir(task.id());
        TaskOutput output = new TaskOutput(task.id(), tasks, files.file(task.id(), TaskFiles.OUT), query.columns());
        return new StepBuilder("export", jobRepository)
                .<String, String>chunk(setting(task, "chunk-size", 1000))
                .transactionManager(transactions)
                .reader(exportReader(task, query))
                .writer(chunk -> output.record(chunk.size(), chunk.getItems(), 0))
                .stream(output)
                .build();
    }

    /** The query's rows as CSV lines, streamed: on PostgreSQL by COPY, elsewhere by a cursor. */
    private ItemStreamReader<String> exportReader(Task task, ExportQuery query) {
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

    private int setting(Task task, String name, int fallback) {
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
