package io.batchworks.engine.jobs;

import java.util.Arrays;
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
 * <p>
 * Items cross between the threads in blocks while the step is behind: one at a time, each take woke the reading
 * thread (blocked on a full queue) to make one item, and taking a chunk of 20,000 rates cost 11 ms (7 ms in blocks)
 * while the database waited for it. A block is handed over early whenever the step has nothing left to take, so a
 * slow source never holds back an item the step waits for.
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
    /** Items per block at most: enough that hand-overs cost nothing beside the items, small beside a chunk. */
    private static final int BLOCK = 256;

    private final AbstractItemCountingItemStreamItemReader<I> source;
    private final String countKey;
    private final Step<I, O> step;
    private final BlockingQueue<Object> queue;
    private Thread worker;
    /** The block being taken from, and the next of its items. */
    private Object[] block = new Object[0];
    private int next;
    private int handedOut;
    private boolean ended;

    ReadAhead(AbstractItemCountingItemStreamItemReader<I> source, String sourceName, Step<I, O> step, int capacity) {
        this.source = source;
        this.countKey = sourceName + ".read.count";
        this.step = step;
        this.queue = new ArrayBlockingQueue<>(Math.max(2, capacity / BLOCK));
    }

    @Override
    public void open(ExecutionContext context) {
        source.open(context);
        handedOut = context.getInt(countKey, 0);
        ended = false;
        block = new Object[0];
        next = 0;
        worker = new Thread(this::fill, "read-ahead");
        worker.setDaemon(true);
        worker.start();
    }

    private void fill() {
        Object[] filling = new Object[BLOCK];
        int size = 0;
        try {
            for (I item = source.read(); item != null; item = source.read()) {
                Item<O> made = new Item<>(step.apply(item)); // before size moves: apply may throw
                filling[size++] = made;
                if (size == BLOCK || queue.isEmpty()) {
                    queue.put(Arrays.copyOf(filling, size));
                    size = 0;
                }
            }
            if (size > 0) {
                queue.put(Arrays.copyOf(filling, size));
            }
            queue.put(END);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception | Error e) {
            // an Error too (a plugin's missing class, a stack overflow): else the step would wait for rows forever;
            // the items made before it are handed out first, as they came
            try {
                if (size > 0) {
                    queue.put(Arrays.copyOf(filling, size));
                }
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
            if (next == block.length) {
                Object taken = queue.take();
                if (taken == END) {
                    ended = true;
                    return null;
                }
                if (taken instanceof Failure f) {
                    if (f.cause() instanceof Error error) {
                        throw error;
                    }
                    throw (Exception) f.cause();
                }
                block = (Object[]) taken;
                next = 0;
            }
            Object item = block[next];
            block[next++] = null;
            handedOut++;
            O value = ((Item<O>) item).value();
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
        block = new Object[0];
        next = 0;
        source.close();
    }

    private record Item<O>(O value) {
    }

    private record Failure(Throwable cause) {
    }
}
