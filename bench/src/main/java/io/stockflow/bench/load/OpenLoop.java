package io.stockflow.bench.load;

import io.vertx.core.AbstractVerticle;
import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Open-loop load at a constant rate: request {@code i} is due at {@code start + i / rate} whatever
 * happened to earlier ones, and its latency is counted from that intended time, not from when it
 * actually left (no coordinated omission: a stall shows up as latency of every request it delayed).
 *
 * <p>The requests are sent from lanes, one per Vert.x event loop, each taking every n-th request: a
 * lane wakes on an event-loop timer (millisecond resolution), sends everything that is due and sleeps
 * until the next one is. Requests therefore start on the event loop that carries their connection, with
 * no thread hand-off per request: on two shared cores a hand-off per request (a scheduler thread waking
 * an event loop) cost the generator more CPU than the requests themselves. A send is at most about a
 * millisecond late, and that delay counts as latency.
 */
public final class OpenLoop implements StepRunner {

    private final List<Context> lanes;
    private final int maxInFlight;
    private final Duration drainTimeout;

    /** @param lanes event-loop contexts, ideally one per event loop ({@link #lanes(Vertx, int)}) */
    public OpenLoop(List<Context> lanes, int maxInFlight, Duration drainTimeout) {
        this.lanes = List.copyOf(lanes);
        this.maxInFlight = maxInFlight;
        this.drainTimeout = drainTimeout;
    }

    /**
     * {@code count} event-loop contexts, spread over the event loops in turn: the contexts of a
     * verticle's instances (a thread outside Vert.x would get the same context on every call).
     */
    public static List<Context> lanes(Vertx vertx, int count) {
        List<Context> contexts = new CopyOnWriteArrayList<>();
        Future<String> deployed = vertx.deployVerticle(() -> new AbstractVerticle() {
            @Override
            public void start() {
                contexts.add(context);
            }
        }, new DeploymentOptions().setInstances(count));
        try {
            deployed.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not start the load's event-loop lanes", e);
        }
        return List.copyOf(contexts);
    }

    @Override
    public StepResult run(String name, Step step, Operation operation) {
        Shared shared = new Shared(step, operation);
        long measureStart = shared.start + step.offsetNanos(shared.firstMeasured);
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "bench-ticker");
            t.setDaemon(true);
            return t;
        });
        long tickDelay = Math.max(0, measureStart - System.nanoTime()) + 1_000_000_000L;
        ticker.scheduleAtFixedRate(() -> shared.recorder.tick((System.nanoTime() - measureStart) / 1e9), tickDelay,
                1_000_000_000L, TimeUnit.NANOSECONDS);
        try {
            for (int i = 0; i < lanes.size(); i++) {
                Lane lane = new Lane(shared, i, lanes.get(i));
                lanes.get(i).runOnContext(v -> lane.sendDue());
            }
            awaitSent(shared, step);
            long deadline = System.nanoTime() + drainTimeout.toNanos();
            while (shared.inFlight.get() > 0 && System.nanoTime() < deadline) {
                sleep(1);
            }
        } finally {
            ticker.shutdownNow();
            try {
                ticker.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        shared.recorder.tick((System.nanoTime() - measureStart) / 1e9);
        if (shared.firstError.get() != null) {
            System.err.println("    first error of " + name + " at " + step.ratePerSecond() + "/s: " + shared.firstError.get());
        }
        long unfinished = shared.inFlight.get(); // still outstanding after the drain timeout: failures
        if (unfinished > 0) {
            System.err.println("    " + unfinished + " requests of " + name + " at " + step.ratePerSecond()
                    + "/s still unanswered " + drainTimeout.toSeconds() + " s after the step: counted as errors");
        }
        long errors = shared.recorder.errors() + unfinished;
        double windowNanos = Math.max(step.measure().toNanos(), shared.lastCompletion.get() - measureStart);
        double achieved = shared.succeeded.get() / (windowNanos / 1e9);
        return new StepResult(name, step.ratePerSecond(), achieved, shared.measuredSent.get(), errors,
                shared.recorder.total(), shared.recorder.series(), Map.of());
    }

    private void awaitSent(Shared shared, Step step) {
        long limit = step.warmUp().toMillis() + step.measure().toMillis() + drainTimeout.toMillis() + 60_000;
        try {
            if (!shared.sent.await(limit, TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("the load's event loops did not send the step within " + limit + " ms");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending", e);
        }
    }

    /** What the lanes of one step share. */
    private final class Shared {
        final Step step;
        final Operation operation;
        final long total;
        final long firstMeasured;
        final long start;
        final LatencyRecorder recorder = new LatencyRecorder();
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicLong succeeded = new AtomicLong();
        final AtomicLong measuredSent = new AtomicLong();
        final AtomicLong lastCompletion = new AtomicLong();
        final AtomicReference<Throwable> firstError = new AtomicReference<>();
        final CountDownLatch sent = new CountDownLatch(lanes.size());

        Shared(Step step, Operation operation) {
            this.step = step;
            this.operation = operation;
            this.total = step.requests();
            this.firstMeasured = step.firstMeasured();
            this.start = System.nanoTime() + 2_000_000; // the lanes start together
        }
    }

    /** Requests {@code index, index + lanes, ...} of a step, sent from one event loop. */
    private final class Lane {
        private final Shared shared;
        private final Context context;
        private long next;

        Lane(Shared shared, int index, Context context) {
            this.shared = shared;
            this.context = context;
            this.next = index;
        }

        void sendDue() {
            long now = System.nanoTime();
            while (next < shared.total) {
                long intended = shared.start + shared.step.offsetNanos(next);
                if (intended > now) {
                    break;
                }
                send(intended, next >= shared.firstMeasured);
                next += lanes.size();
            }
            if (next >= shared.total) {
                shared.sent.countDown();
                return;
            }
            long wait = shared.start + shared.step.offsetNanos(next) - System.nanoTime();
            context.owner().setTimer(Math.max(1, wait / 1_000_000), id -> sendDue());
        }

        private void send(long intended, boolean measured) {
            if (measured) {
                shared.measuredSent.incrementAndGet();
            }
            if (shared.inFlight.get() >= maxInFlight) {
                if (measured) {
                    shared.recorder.error(); // the system is so far behind that the generator stops queueing
                }
                return;
            }
            shared.inFlight.incrementAndGet();
            shared.operation.fire(new Operation.Callback() {
                @Override
                public void succeeded() {
                    long now = System.nanoTime();
                    shared.inFlight.decrementAndGet();
                    if (measured) {
                        shared.recorder.record((now - intended) / 1000);
                        shared.succeeded.incrementAndGet();
                        shared.lastCompletion.accumulateAndGet(now, Math::max);
                    }
                }

                @Override
                public void failed(Throwable cause) {
                    shared.inFlight.decrementAndGet();
                    shared.firstError.compareAndSet(null, cause);
                    if (measured) {
                        shared.recorder.error();
                    }
                }
            });
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
