package io.batchworks.engine.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.dao.CannotAcquireLockException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.batch.core.job.UnexpectedJobExecutionException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

/** Which failures recovery resumes a task after: those that go away by themselves, however deeply wrapped. */
class FaultsTest {

    @Test
    void aLostConnectionAnOutageOrAWriteConflictPasses() {
        assertThat(Faults.isTransient(new CannotCreateTransactionException("no connection",
                new CannotGetJdbcConnectionException("pool", new SQLTransientConnectionException("timeout"))))).isTrue();
        assertThat(Faults.isTransient(new IllegalStateException("chunk", new SQLException("I/O error", "08006")))).isTrue();
        assertThat(Faults.isTransient(new SQLException("terminating connection due to administrator command", "57P01"))).isTrue();
        assertThat(Faults.isTransient(new SQLException("serialization failure", "40001"))).isTrue();
        assertThat(Faults.isTransient(new CannotAcquireLockException("deadlock"))).isTrue();
    }

    @Test
    void aBugOrABadRowDoesNot() {
        assertThat(Faults.isTransient(new NullPointerException())).isFalse();
        assertThat(Faults.isTransient(new DataIntegrityViolationException("duplicate key", new SQLException("dup", "23505")))).isFalse();
        assertThat(Faults.isTransient(new NoClassDefFoundError("io/batchworks/Gone"))).isFalse();
        assertThat(Faults.anyTransient(List.of(new IllegalStateException(), new SQLException("broken pipe", "08006")))).isTrue();
        assertThat(Faults.anyTransient(List.of())).isFalse();
    }

    @Test
    void aLostConnectionPassesInWhateverWrapperItCame() {
        // a chunk's commit failed on a lost connection, then its rollback on the connection the pool had closed
        TransactionSystemException rollback = new TransactionSystemException("JDBC rollback failed", new SQLException("Connection is closed"));
        rollback.initApplicationException(new CannotCreateTransactionException("commit", new SQLException("I/O error", "08006")));
        assertThat(Faults.isTransient(new UnexpectedJobExecutionException("job", rollback))).isTrue();

        IllegalStateException withSuppressed = new IllegalStateException("step failed");
        withSuppressed.addSuppressed(new SQLException("terminating connection", "57P01"));
        assertThat(Faults.isTransient(withSuppressed)).isTrue();

        SQLException batch = new SQLException("batch entry 3 failed", "22000");
        batch.setNextException(new SQLException("I/O error", "08006"));
        assertThat(Faults.isTransient(batch)).isTrue();

        // a commit that failed, then its rollback on the connection the pool had closed: only the rollback's exception is thrown
        assertThat(Faults.isTransient(new TransactionSystemException("JDBC rollback failed", new SQLException("Connection is closed"))))
                .isTrue();
    }

    @Test
    void aCauseLoopEnds() {
        IllegalStateException a = new IllegalStateException("a");
        IllegalStateException b = new IllegalStateException("b", a);
        a.initCause(b);
        assertThat(Faults.isTransient(a)).isFalse();
    }
}
