package io.batchworks.engine.tasks;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.Map;

import org.springframework.amqp.AmqpConnectException;
import org.springframework.amqp.AmqpIOException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;

/**
 * Tells a fault that goes away by itself (the database unreachable or restarting, a connection lost, a write conflict
 * or deadlock, the broker unreachable) from one that would happen again (a plugin's bug, a missing class): a run ended by the first kind is
 * resumed automatically, the second waits for an operator.
 */
final class Faults {

    private Faults() {
    }

    /** Whether any of a run's failures, or anything that caused it, is a fault that goes away by itself. */
    static boolean anyTransient(Collection<? extends Throwable> failures) {
        return failures.stream().anyMatch(Faults::isTransient);
    }

    static boolean isTransient(Throwable failure) {
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        for (Throwable t = failure; t != null && seen.put(t, true) == null; t = t.getCause()) {
            if (t instanceof TransientDataAccessException || t instanceof RecoverableDataAccessException
                    || t instanceof DataAccessResourceFailureException || t instanceof SQLTransientException
                    || t instanceof SQLRecoverableException || t instanceof SQLException sql && transientState(sql.getSQLState())
                    || t instanceof AmqpConnectException || t instanceof AmqpIOException) {
                return true;
            }
        }
        return false;
    }

    /**
     * SQLSTATE classes: 08 connection exception, 57P operator intervention (PostgreSQL shut down or restarting),
     * 40001 serialization failure (HSQLDB's MVCC write conflict), 40P01 deadlock.
     */
    private static boolean transientState(String state) {
        return state != null && (state.startsWith("08") || state.startsWith("57P") || state.equals("40001") || state.equals("40P01"));
    }
}
