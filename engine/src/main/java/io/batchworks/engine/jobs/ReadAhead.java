package io.batchworks.engine.jobs;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamException;
import org.springframework.batch.infrastructure.item.ItemStreamReader;
import org.springframework.batch.infrastructure.item.support.AbstractItemCountingItemStreamItemReader;

/**
 * Reads and processes ahead on its own thread while the step writes the previous chunk, so parsing and
 * validating overlap with the database's work. Restart stays exact: the state saved with each chunk is the
 * count of items handed to the step, not the count read ahead, and a restart resumes the source there.
 *
 * @param <I> the source's items
 * @param <O> what the step gets
 */
final class ReadAhead<I, O> implements ItemStreamReader<O> {

    /** Turns a source item into the step's item, or {@code null} to drop it. */
    @FunctionalInterface
    interface Step<I, O> {
        O apply(I item) throws Exception;
    }

    private static final Object END = new Object();

    private final AbstractItemCountingItemStreamItemReader<I> source;
    private final String countKey;
    private final Step<I, O> step;
    private final BlockingQueue<Object> queue;
    private Thread worker;
    private int handedOut;
    private boolean ended;

    ReadAhead(AbstractItemCountingItemStreamItemReader<I> source, String sourceName, Step<I, O> step, int capacity) {
        this.source = source;
        this.countKey = sourceName + ".read.count";
        this.step = step;
        this.queue = new ArrayBlockingQueue<>(Math.max(1, capacity));
    }

    @Override
    public void open(ExecutionContext context) {
        source.open(context);
        handedOut = context.getInt(countKey, 0);
        ended = false;
        worker = new Thread(this::fill, "read-ahead");
        worker.setDaemon(true);
        worker.start();
    }

    private void fill() {
        try {
            for (I item = source.read(); item != null; item = source.read()) {
                queue.put(new Item<>(step.apply(item)));
            }
            queue.put(END);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception | Error e) {
            // an Error too (a plugin's missing class, a stack overflow): else the step would wait for rows forever
            try {
                queue.put(new Failure(e));
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public O read() throws Exception {
        while (!ended) {
            Object next = queue.take();
            if (next == END) {
                ended = true;
                return null;
            }
            if (next instanceof Failure f) {
                if (f.cause() instanceof Error error) {
                    throw error;
                }
                throw (Exception) f.cause();
            }
            handedOut++;
            O value = ((Item<O>) next).value();
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    @Override
    public void update(ExecutionContext context) {
        context.putInt(countKey, handedOut);
    }

    @Override
    public void close() {
        if (worker != null) {
            worker.interrupt();
            try {
                worker.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ItemStreamException("interrupted while stopping the read-ahead", e);
            }
            worker = null;
        }
        queue.clear();
        source.close();
    }

    private record Item<O>(O value) {
    }

    private record Failure(Throwable cause) {
    }
}
