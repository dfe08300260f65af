package io.stockflow.bench.load;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Open-loop load at a constant rate: request {@code i} is due at {@code start + i / rate} whatever
 * happened to earlier ones, and its latency is counted from that intended time, not from when it
 * actually left (no coordinated omission: a stall shows up as latency of every request it delayed).
 * The scheduler parks between sends rather than spinning, so it leaves the two cores to the system;
 * when it wakes late it sends everything that is due at once.
 */
public final class OpenLoop {

    private final int maxInFlight;
    private final Duration drainTimeout;

    public OpenLoop(int maxInFlight, Duration drainTimeout) {
        this.maxInFlight = maxInFlight;
        this.drainTimeout = drainTimeout;
    }

    public StepResult run(String name, Step step, Operation operation) {
        LatencyRecorder recorder = new LatencyRecorder();
        AtomicInteger inFlight = new AtomicInteger();
        AtomicLong succeeded = new AtomicLong();
        AtomicLong lastCompletion = new AtomicLong();
        AtomicReference<Throwable> firstError = new AtomicReference<>();
        long total = step.requests();
        long firstMeasured = step.firstMeasured();
        long start = System.nanoTime();
        long measureStart = start + step.offsetNanos(firstMeasured);
        long measuredSent = 0;

        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "bench-ticker");
            t.setDaemon(true);
            return t;
        });
        long tickDelay = Math.max(0, measureStart - System.nanoTime()) + 1_000_000_000L;
        ticker.scheduleAtFixedRate(() -> recorder.tick((System.nanoTime() - measureStart) / 1e9), tickDelay,
                1_000_000_000L, TimeUnit.NANOSECONDS);
        try {
            for (long i = 0; i < total; i++) {
                long intended = start + step.offsetNanos(i);
                long wait = intended - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                boolean measured = i >= firstMeasured;
                if (measured) {
                    measuredSent++;
                }
                if (inFlight.get() >= maxInFlight) {
                    if (measured) {
                        recorder.error(); // the system is so far behind that the generator stops queueing
                    }
                    continue;
                }
                inFlight.incrementAndGet();
                operation.fire(new Operation.Callback() {
                    @Override
                    public void succeeded() {
                        long now = System.nanoTime();
                        inFlight.decrementAndGet();
                        if (measured) {
                            recorder.record((now - intended) / 1000);
                            succeeded.incrementAndGet();
                            lastCompletion.accumulateAndGet(now, Math::max);
                        }
                    }

                    @Override
                    public void failed(Throwable cause) {
                        inFlight.decrementAndGet();
                        firstError.compareAndSet(null, cause);
                        if (measured) {
                            recorder.error();
                        }
                    }
                });
            }
            long deadline = System.nanoTime() + drainTimeout.toNanos();
            while (inFlight.get() > 0 && System.nanoTime() < deadline) {
                LockSupport.parkNanos(1_000_000);
            }
        } finally {
            ticker.shutdownNow();
            try {
                ticker.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        recorder.tick((System.nanoTime() - measureStart) / 1e9);
        if (firstError.get() != null) {
            System.err.println("    first error of " + name + " at " + step.ratePerSecond() + "/s: " + firstError.get());
        }
        long unfinished = inFlight.get(); // still outstanding after the drain timeout: failures
        if (unfinished > 0) {
            System.err.println("    " + unfinished + " requests of " + name + " at " + step.ratePerSecond()
                    + "/s still unanswered " + drainTimeout.toSeconds() + " s after the step: counted as errors");
        }
        long errors = recorder.errors() + unfinished;
        double windowNanos = Math.max(step.measure().toNanos(), lastCompletion.get() - measureStart);
        double achieved = succeeded.get() / (windowNanos / 1e9);
        return new StepResult(name, step.ratePerSecond(), achieved, measuredSent, errors, recorder.total(),
                recorder.series(), Map.of());
    }
}
