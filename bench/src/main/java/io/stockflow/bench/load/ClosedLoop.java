package io.stockflow.bench.load;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * A fixed number of clients, each sending its next request when the previous one answered: for
 * throughput figures (batch lines per second), where the latency of each request is its service time.
 */
public final class ClosedLoop {

    private ClosedLoop() {
    }

    public static StepResult run(String name, int clients, Duration length, Supplier<Future<?>> request)
            throws InterruptedException {
        LatencyRecorder recorder = new LatencyRecorder();
        AtomicLong done = new AtomicLong();
        long start = System.nanoTime();
        long end = start + length.toNanos();
        CountDownLatch finished = new CountDownLatch(clients);
        for (int i = 0; i < clients; i++) {
            next(request, recorder, done, end, finished);
        }
        boolean drained = finished.await(length.toSeconds() + 60, TimeUnit.SECONDS);
        double seconds = (System.nanoTime() - start) / 1e9;
        recorder.tick(seconds);
        long errors = recorder.errors() + (drained ? 0 : finished.getCount());
        return new StepResult(name, 0, done.get() / seconds, done.get() + recorder.errors(), errors,
                recorder.total(), recorder.series(), Map.of());
    }

    private static void next(Supplier<Future<?>> request, LatencyRecorder recorder, AtomicLong done, long end,
            CountDownLatch finished) {
        long sent = System.nanoTime();
        if (sent >= end) {
            finished.countDown();
            return;
        }
        request.get().onComplete(r -> {
            if (r.succeeded()) {
                recorder.record((System.nanoTime() - sent) / 1000);
                done.incrementAndGet();
            } else {
                recorder.error();
            }
            next(request, recorder, done, end, finished);
        });
    }
}
