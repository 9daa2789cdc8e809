package io.batchworks.engine;

import org.slf4j.Logger;
import org.springframework.dao.DataAccessException;
import org.springframework.transaction.TransactionException;

/**
 * The attempts of work the engine repeats by itself (recovery's look, the dispatcher's): while the database is
 * unreachable, its loss is logged once, as a warning, and its return once, rather than a failure at every attempt; any
 * other failure is logged each time. The next attempt is the caller's.
 */
public final class DatabaseOutages {

    private final Logger log;
    private final String work;
    private final String meanwhile;
    private volatile boolean lost;

    /**
     * @param work      what the work is, as the log names it, e.g. {@code "Task recovery"}
     * @param meanwhile what happens while it cannot go on, e.g. {@code "it looks again every 5s"}
     */
    public DatabaseOutages(Logger log, String work, String meanwhile) {
        this.log = log;
        this.work = work;
        this.meanwhile = meanwhile;
    }

    /** Runs one attempt of the work, its failure logged as above instead of thrown. */
    public void attempt(Runnable attempt) {
        try {
            attempt.run();
            if (lost) {
                log.info("{} reaches the database again", work);
                lost = false;
            }
        } catch (DataAccessException | TransactionException e) {
            if (!lost) {
                log.warn("{} cannot reach the database ({}); {}", work, e.getMessage(), meanwhile);
                lost = true;
            }
        } catch (RuntimeException e) {
            log.error("{} failed; {}", work, meanwhile, e);
        }
    }
}
