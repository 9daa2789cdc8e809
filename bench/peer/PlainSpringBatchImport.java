import java.math.BigDecimal;
import java.nio.file.Path;

import javax.sql.DataSource;

import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.configuration.support.MapJobRegistry;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.launch.support.TaskExecutorJobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.repository.support.ResourcelessJobRepository;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.item.database.JdbcBatchItemWriter;
import org.springframework.batch.infrastructure.item.database.builder.JdbcBatchItemWriterBuilder;
import org.springframework.batch.infrastructure.item.file.FlatFileItemReader;
import org.springframework.batch.infrastructure.item.file.builder.FlatFileItemReaderBuilder;
import org.springframework.core.io.FileSystemResource;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * The peer a user would write instead of the engine: a plain Spring Batch job as its guides show one,
 * FlatFileItemReader to JdbcBatchItemWriter in chunks of 1,000, into a table like the engine's rates table. It keeps
 * no job metadata (ResourcelessJobRepository), which only flatters it. Run by bench/bench.py as a single-file program:
 *   java -cp ENGINE_RUNTIME_CLASSPATH PlainSpringBatchImport.java CSV JDBC_URL TABLE
 * and prints the seconds the job took.
 */
public class PlainSpringBatchImport {

    /** One CSV row of the generated ratedeck. */
    public record Rate(String prefix, BigDecimal rateCost, String rateName, String isoCountryCode, String direction,
                       int rateIncrement, int rateMinimum, int rateNochargeTime, BigDecimal rateSurcharge, String description) {
    }

    public static void main(String[] args) throws Exception {
        Path csv = Path.of(args[0]);
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(args[1]);
        dataSource.setUser("postgres");
        String table = args[2];

        FlatFileItemReader<Rate> reader = new FlatFileItemReaderBuilder<Rate>()
                .name("rates")
                .resource(new FileSystemResource(csv))
                .linesToSkip(1)
                .delimited()
                .names("prefix", "rateCost", "rateName", "isoCountryCode", "direction", "rateIncrement", "rateMinimum",
                        "rateNochargeTime", "rateSurcharge", "description")
                .fieldSetMapper(f -> new Rate(f.readString("prefix"), f.readBigDecimal("rateCost"), f.readString("rateName"),
                        f.readString("isoCountryCode"), f.readString("direction").isEmpty() ? null : f.readString("direction"),
                        f.readInt("rateIncrement"), f.readInt("rateMinimum"), f.readInt("rateNochargeTime"),
                        f.readBigDecimal("rateSurcharge"), f.readString("description")))
                .build();
        JdbcBatchItemWriter<Rate> writer = new JdbcBatchItemWriterBuilder<Rate>()
                .dataSource(dataSource)
                .sql("INSERT INTO " + table + " (prefix, rate_cost, rate_name, iso_country_code, direction, rate_increment,"
                        + " rate_minimum, rate_nocharge_time, rate_surcharge, description) VALUES (:prefix, :rateCost, :rateName,"
                        + " :isoCountryCode, :direction, :rateIncrement, :rateMinimum, :rateNochargeTime, :rateSurcharge, :description)")
                .beanMapped()
                .build();

        JobRepository repository = new ResourcelessJobRepository();
        Job job = new JobBuilder("plain-import", repository)
                .start(new StepBuilder("rows", repository)
                        .<Rate, Rate>chunk(1_000)
                        .transactionManager(new DataSourceTransactionManager(dataSource))
                        .reader(reader)
                        .writer(writer)
                        .build())
                .build();
        TaskExecutorJobOperator operator = new TaskExecutorJobOperator();
        operator.setJobRepository(repository);
        operator.setJobRegistry(new MapJobRegistry());
        operator.afterPropertiesSet();

        long started = System.nanoTime();
        JobExecution execution = operator.start(job, new JobParameters());
        double seconds = (System.nanoTime() - started) / 1e9;
        if (execution.getStatus() != BatchStatus.COMPLETED) {
            throw new IllegalStateException("the plain job ended " + execution.getStatus() + ": " + execution.getAllFailureExceptions());
        }
        System.out.printf("%.3f%n", seconds);
    }
}
