package io.stockflow.catalog.messaging;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * A fixed set of worker threads, each with its own bounded queue. An item goes to the worker its key
 * hashes to, so items with the same key are processed one after another in the order offered; a
 * worker takes up to {@code batchSize} items per batch, or what arrived within {@code batchTimeout},
 * or what arrived before the stream paused for a millisecond, whichever comes first.
 * {@link #offer} never blocks and never drops: a full queue answers false and the caller retries later.
 */
public final class KeyedWorkers<T> {

    private static final Logger LOG = Logger.getLogger(KeyedWorkers.class);
    private static final long QUIET_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    /** Processes one batch of one worker; returning normally means the batch is done. */
    @FunctionalInterface
    public interface BatchProcessor<T> {
        void process(List<T> batch) throws InterruptedException;
    }

    private final List<BlockingQueue<T>> queues;
    private final List<Thread> threads;
    private final Function<T, String> key;
    private final BatchProcessor<T> processor;
    private final int batchSize;
    private final long batchTimeoutNanos;
    private volatile boolean stopping;

    public KeyedWorkers(String name, int workerCount, int queueSize, int batchSize, Duration batchTimeout,
            Function<T, String> key, BatchProcessor<T> processor) {
        this.key = key;
        this.processor = processor;
        this.batchSize = batchSize;
        this.batchTimeoutNanos = batchTimeout.toNanos();
        this.queues = new ArrayList<>(workerCount);
        this.threads = new ArrayList<>(workerCount);
        for (int i = 0; i < workerCount; i++) {
            BlockingQueue<T> queue = new ArrayBlockingQueue<>(queueSize);
            queues.add(queue);
            Thread thread = new Thread(() -> run(queue), name + "-" + i);
            thread.setDaemon(true);
            threads.add(thread);
        }
    }

    public KeyedWorkers<T> start() {
        threads.forEach(Thread::start);
        return this;
    }

    public int workerFor(String itemKey) {
        return Math.floorMod(itemKey == null ? 0 : itemKey.hashCode(), queues.size());
    }

    public int workerCount() {
        return queues.size();
    }

    /** Items waiting in one worker's queue. */
    public int queued(int worker) {
        return queues.get(worker).size();
    }

    /** How many items one worker's queue holds at most. */
    public int capacity(int worker) {
        BlockingQueue<T> queue = queues.get(worker);
        return queue.size() + queue.remainingCapacity();
    }

    /** Hands the item to its worker; false when that worker's queue is full. */
    public boolean offer(T item) {
        return queues.get(workerFor(key.apply(item))).offer(item);
    }

    /** Lets the workers finish what they hold, then stops them; interrupts them after {@code timeout}. */
    public boolean drainAndStop(Duration timeout) throws InterruptedException {
        stopping = true;
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean drained = true;
        for (Thread thread : threads) {
            long left = deadline - System.nanoTime();
            thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            drained &= !thread.isAlive();
        }
        if (!drained) {
            stopNow();
        }
        return drained;
    }

    /** Stops the workers at once, dropping what is queued (a crash, as far as the queue is concerned). */
    public void stopNow() {
        stopping = true;
        threads.forEach(Thread::interrupt);
    }

    private void run(BlockingQueue<T> queue) {
        List<T> batch = new ArrayList<>(batchSize);
        try {
            while (!(stopping && queue.isEmpty())) {
                T first = queue.poll(50, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                long deadline = System.nanoTime() + batchTimeoutNanos;
                while (batch.size() < batchSize) {
                    queue.drainTo(batch, batchSize - batch.size());
                    long left = deadline - System.nanoTime();
                    if (batch.size() >= batchSize || left <= 0) {
                        break;
                    }
                    // a batch closes when full, at the timeout, or once the stream pauses: waiting
                    // on a quiet stream would only add latency (records of one fetch arrive together)
                    T next = queue.poll(Math.min(left, QUIET_NANOS), TimeUnit.NANOSECONDS);
                    if (next == null) {
                        break;
                    }
                    batch.add(next);
                }
                processor.process(batch);
                batch = new ArrayList<>(batchSize);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("worker stopped by an unexpected failure", e);
        }
    }
}
