package io.batchworks.engine.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import io.batchworks.engine.plugins.TestPlugins;
import io.batchworks.testapi.Api;
import io.batchworks.engine.support.CuttableProxy;
import io.batchworks.engine.support.CuttableProxy.AtTransactionEnd;
import io.batchworks.engine.support.CuttableProxy.TransactionEnds;
import io.batchworks.engine.support.Engines;
import io.batchworks.engine.support.ForkedScenarios;
import io.batchworks.engine.support.LinkFaults;
import io.batchworks.engine.support.OnPostgres;
import io.batchworks.engine.support.TestDatabase;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import tools.jackson.databind.JsonNode;

/**
 * A commit fails on its connection while the database stays reachable on the others, either before the {@code COMMIT}
 * reaches PostgreSQL (nothing of the transaction is kept) or after PostgreSQL did it but before its answer came back
 * (all of it is). The task must end by itself as an uninterrupted run would, every row written once.
 */
@Execution(ExecutionMode.CONCURRENT) // a forked engine that mostly waits: beside the other tests (junit.parallel, parent POM)
@OnPostgres
class PostgresCommitFaultTest extends ForkedScenarios {

    private static final int ROWS = 1_000;
    private static final String[] SETTINGS = {"--greetings.import.chunk-size=100", "--greetings.import.wait-after-row-ms=1",
        "--batchworks.recovery.interval=1", "--batchworks.recovery.backoff=1"};

    @Override
    protected void prepare(Path work) throws Exception {
        TestPlugins.greet("1.0.0", "Hello").buildTo(work.resolve("plugins/greet.jar"));
    }

    /**
     * A chunk's commit: the step's state in memory is past the chunk either way, and Spring Batch marks the step UNKNOWN
     * and stores it; the task resumes from the position the database committed.
     */
    @Test
    void aChunkWhoseCommitFailedBeforeOrAfterTheDatabaseIsResumedFromWhatTheDatabaseKept() throws Exception {
        AtomicInteger chunks = new AtomicInteger();
        importUnder((command, statements) -> {
            if (!command.equals("COMMIT") || statements.stream().noneMatch(s -> s.contains("BATCH_STEP_EXECUTION_CONTEXT"))) {
                return AtTransactionEnd.PASS;
            }
            return switch (chunks.incrementAndGet()) {
                case 3 -> AtTransactionEnd.CUT_BEFORE;
                case 6 -> AtTransactionEnd.CUT_AFTER;
                default -> AtTransactionEnd.PASS;
            };
        }, (api, id) -> {
            assertThat(chunks.get()).as("chunk commits seen").isGreaterThanOrEqualTo(6);
            assertThat(api.get("/v2/audit?target_id=" + id).body()).as("resumed by the engine itself").contains("\"resume\"");
        });
    }

    /**
     * The commit that stores a launch's job execution, answer lost: the execution is kept {@code STARTING} while the
     * launch failed, and Spring Batch refuses the next launch as "already running" until what is left is marked failed.
     */
    @Test
    void aLaunchWhoseExecutionWasStoredWithoutItsAnswerRunsOnce() throws Exception {
        AtomicInteger launches = new AtomicInteger();
        importUnder((command, statements) -> command.equals("COMMIT")
                && statements.stream().anyMatch(s -> s.contains("INSERT INTO BATCH_JOB_EXECUTION("))
                && launches.incrementAndGet() == 1 ? AtTransactionEnd.CUT_AFTER : AtTransactionEnd.PASS,
                (api, id) -> assertThat(launches.get()).as("launches seen").isGreaterThanOrEqualTo(2));
    }

    /**
     * A greetings import of {@link #ROWS} rows whose transactions end as {@code ends} says: it ends by itself as an
     * uninterrupted one, every row counted and written once; then {@code more} checks what the fault needs.
     */
    private void importUnder(TransactionEnds ends, AfterEnd more) throws Exception {
        try (TestDatabase db = database(); CuttableProxy proxy = LinkFaults.proxy();
             Engines.Forked engine = new Engines.Forked(db.via(proxy.port()), work, SETTINGS)) {
            Api api = engine.api();
            proxy.failTransactionEnds(ends);
            String id = api.createAndStart("category=greetings&action=import", TestPlugins.greetInput(ROWS, 0));

            JsonNode done = api.awaitEnd(id, Duration.ofSeconds(120));
            assertThat(done.path("status").asString()).as(done.toString()).isEqualTo("success");
            assertThat(done.path("success_count").asLong()).as("each row counted once").isEqualTo(ROWS);
            JsonNode written = api.get("/v2/greetings-written/" + id).json();
            assertThat(written.path("written").asLong()).as("each row written once").isEqualTo(ROWS);
            assertThat(written.path("names").asLong()).as("every row written").isEqualTo(ROWS);
            more.check(api, id);
        }
    }

    @FunctionalInterface
    private interface AfterEnd {
        void check(Api api, String taskId) throws Exception;
    }
}
