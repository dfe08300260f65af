package io.stockflow.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OpenLoopTest {

    private static final Vertx VERTX = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
    private static final List<Context> LANES = OpenLoop.lanes(VERTX, 2);

    @AfterAll
    static void closeVertx() {
        VERTX.close();
    }

    private final ScheduledExecutorService server = Executors.newScheduledThreadPool(2);

    @AfterEach
    void stop() {
        server.shutdownNow();
    }

    @Test
    void shouldCountLatencyFromTheIntendedSendTimeWhenTheSystemStalls() {
        // a "system" that answers in 1 ms but stalls once for 300 ms, serially (one request at a time)
        Object lock = new Object();
        long[] served = {0};
        Operation stalling = callback -> server.execute(() -> {
            synchronized (lock) {
                sleep(served[0]++ == 20 ? 300 : 1);
            }
            callback.succeeded();
        });

        StepResult result = new OpenLoop(LANES, 10_000, Duration.ofSeconds(5))
                .run("stall", new Step(200, Duration.ZERO, Duration.ofSeconds(1)), stalling);

        // ~60 requests were due during the stall; each waited for it, so well over 1% of samples are slow
        assertThat(result.histogram().getTotalCount()).isEqualTo(200);
        assertThat(result.p99Ms()).isGreaterThan(200);
        assertThat(result.maxMs()).isGreaterThanOrEqualTo(290);
        assertThat(result.sustained(50)).isFalse();
    }

    @Test
    void shouldSustainARateTheSystemKeepsUpWith() {
        Operation quick = callback -> server.schedule(callback::succeeded, 1, TimeUnit.MILLISECONDS);

        StepResult result = new OpenLoop(LANES, 10_000, Duration.ofSeconds(5))
                .run("quick", new Step(500, Duration.ofMillis(200), Duration.ofSeconds(1)), quick);

        assertThat(result.sent()).isEqualTo(500);
        assertThat(result.errors()).isZero();
        assertThat(result.achievedRate()).isBetween(450.0, 550.0);
        assertThat(result.sustained(50)).isTrue();
    }

    @Test
    void shouldCountFailuresAndRequestsThatNeverAnswerAsErrors() {
        Operation failing = callback -> server.execute(() -> callback.failed(new IllegalStateException("503")));
        Operation silent = callback -> { };

        StepResult failed = new OpenLoop(LANES, 10_000, Duration.ofMillis(100))
                .run("failing", new Step(100, Duration.ZERO, Duration.ofMillis(500)), failing);
        StepResult unanswered = new OpenLoop(LANES, 10_000, Duration.ofMillis(100))
                .run("silent", new Step(100, Duration.ZERO, Duration.ofMillis(500)), silent);

        assertThat(failed.errors()).isEqualTo(50);
        assertThat(unanswered.errors()).isEqualTo(50);
        assertThat(failed.sustained(50)).isFalse();
        assertThat(unanswered.sustained(50)).isFalse();
    }

    @Test
    void shouldSendFromEveryLaneOnItsOwnEventLoop() {
        Set<String> senders = ConcurrentHashMap.newKeySet();
        Operation recordingSender = callback -> {
            senders.add(Thread.currentThread().getName() + (Context.isOnEventLoopThread() ? "" : " (not an event loop)"));
            callback.succeeded();
        };

        StepResult result = new OpenLoop(LANES, 10_000, Duration.ofSeconds(5))
                .run("lanes", new Step(400, Duration.ZERO, Duration.ofMillis(500)), recordingSender);

        assertThat(result.sent()).isEqualTo(200);
        assertThat(senders).hasSize(2).allMatch(name -> name.startsWith("vert.x-eventloop-thread-"));
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
