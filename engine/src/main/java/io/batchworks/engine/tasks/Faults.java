package io.batchworks.engine.tasks;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.http.HttpTimeoutException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.springframework.amqp.AmqpConnectException;
import org.springframework.amqp.AmqpIOException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.TransactionSystemException;

/**
 * Tells a fault that goes away by itself (the database unreachable or restarting, a connection lost, a write conflict
 * or deadlock, the broker unreachable) from one that would happen again (a plugin's bug, a missing class): a run ended
 * by the first kind is resumed automatically, the second waits for an operator. A full disk passes too, once space is
 * freed; {@link DataDisk} judges it, with what it holds found here.
 */
public final class Faults {

    /** How the JDK reports a write the disk had no room for (the operating system's text for ENOSPC). */
    private static final String NO_SPACE = "No space left on device";

    private Faults() {
    }

    /** Whether any of a run's failures, or anything that caused it, is a fault that goes away by itself. */
    static boolean anyTransient(Collection<? extends Throwable> failures) {
        return failures.stream().anyMatch(Faults::isTransient);
    }

    /**
     * Whether the failure, or anything it holds, is a fault that passes: its causes, its suppressed exceptions, the
     * exception a failed rollback or commit overrode (a transaction's "application exception", which its causes do
     * not reach), a SQL exception's next ones. A lost connection reaches a run in many wrappers (the chunk's commit,
     * its rollback, Spring Batch saving the step's state), so none of them decides.
     */
    public static boolean isTransient(Throwable failure) {
        return anyHeld(failure, Faults::passes);
    }

    /** Whether the failure, or anything it holds, is a write refused for want of room (the JDK's own words for it). */
    static boolean diskFull(Throwable failure) {
        return anyHeld(failure, Faults::noSpace);
    }

    /**
     * Whether the failure, or anything it holds, is a failed read or write: of a file, or of an embedded database's
     * files (HSQLDB reports one it cannot grow as a SQL exception).
     */
    static boolean holdsStorageFailure(Throwable failure) {
        return anyHeld(failure, t -> t instanceof IOException || t instanceof SQLException);
    }

    private static boolean noSpace(Throwable t) {
        return t instanceof IOException && t.getMessage() != null && t.getMessage().contains(NO_SPACE);
    }

    /** Whether {@code failure} or anything it holds ({@link #held}, followed through, each once) is {@code such}. */
    private static boolean anyHeld(Throwable failure, Predicate<Throwable> such) {
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        Deque<Throwable> toSee = new ArrayDeque<>();
        toSee.push(failure);
        while (!toSee.isEmpty()) {
            Throwable t = toSee.pop();
            if (seen.put(t, true) != null) {
                continue;
            }
            if (such.test(t)) {
                return true;
            }
            held(t).forEach(toSee::push);
        }
        return false;
    }

    /**
     * A commit or rollback that could not be completed ({@link TransactionSystemException}) passes too, whatever its
     * cause: the connection under it went. Spring's transaction manager reports a commit that failed and then a rollback
     * that failed by the rollback's exception alone, which names only the pool's closed connection, with no SQLSTATE.
     * A source a plugin reads its records from (an HTTP API) that refuses a connection or times out passes too.
     */
    private static boolean passes(Throwable t) {
        return t instanceof TransactionSystemException || t instanceof TransientDataAccessException || t instanceof RecoverableDataAccessException
                || t instanceof DataAccessResourceFailureException || t instanceof SQLTransientException
                || t instanceof SQLRecoverableException || t instanceof SQLException sql && transientState(sql.getSQLState())
                || t instanceof AmqpConnectException || t instanceof AmqpIOException
                || t instanceof ConnectException || t instanceof SocketTimeoutException || t instanceof HttpTimeoutException;
    }

    /** What {@code t} wraps or carries beside itself. */
    private static List<Throwable> held(Throwable t) {
        List<Throwable> held = new ArrayList<>(List.of(t.getSuppressed()));
        if (t.getCause() != null) {
            held.add(t.getCause());
        }
        if (t instanceof TransactionSystemException tx && tx.getApplicationException() != null) {
            held.add(tx.getApplicationException());
        }
        if (t instanceof SQLException sql && sql.getNextException() != null) {
            held.add(sql.getNextException());
        }
        return held;
    }

    /**
     * SQLSTATE classes: 08 connection exception, 57P operator intervention (PostgreSQL shut down or restarting),
     * 40001 serialization failure (HSQLDB's MVCC write conflict), 40P01 deadlock.
     */
    private static boolean transientState(String state) {
        return state != null && (state.startsWith("08") || state.startsWith("57P") || state.equals("40001") || state.equals("40P01"));
    }
}
