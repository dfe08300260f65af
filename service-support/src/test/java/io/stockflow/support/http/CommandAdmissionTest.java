package io.stockflow.support.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The half of admission that runs inside the service: each admitted command in its turn. Commands
 * are held on latches, and a command is known to be waiting for its turn once its thread is parked.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class CommandAdmissionTest {

    private final CountDownLatch finish = new CountDownLatch(1);
    private final List<String> started = new CopyOnWriteArrayList<>();
    private final List<Thread> threads = new CopyOnWriteArrayList<>();

    @AfterEach
    void letEveryCommandFinish() throws InterruptedException {
        finish.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
    }

    @Test
    void shouldRunAtMostWorkerCountCommandsAtOnce() throws InterruptedException {
        CommandAdmission admission = admission(true, 2);
        CountDownLatch twoRunning = new CountDownLatch(2);

        command(admission, "a", twoRunning);
        command(admission, "b", twoRunning);
        twoRunning.await();
        Thread third = command(admission, "c", null);
        awaitWaiting(third);

        assertThat(started).containsExactlyInAnyOrder("a", "b");
        finish.countDown();
        third.join();
        assertThat(started).hasSize(3).endsWith("c");
    }

    @Test
    void shouldLetTheWaitingCommandsRunInTheOrderTheyArrived() throws InterruptedException {
        CommandAdmission admission = admission(true, 1);
        CountDownLatch running = new CountDownLatch(1);
        command(admission, "first", running);
        running.await();
        for (String name : List.of("second", "third", "fourth")) {
            awaitWaiting(command(admission, name, null));
        }

        finish.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(started).containsExactly("first", "second", "third", "fourth");
    }

    @Test
    void shouldGiveTheTurnOnWhenACommandFails() {
        CommandAdmission admission = admission(true, 1);

        assertThatThrownBy(() -> admission.inTurn(() -> {
            throw new IllegalStateException("refused");
        })).isInstanceOf(IllegalStateException.class).hasMessage("refused");

        assertThat(admission.inTurn(() -> "next")).isEqualTo("next");
    }

    @Test
    void shouldHoldNoCommandBackWhenAdmissionIsOff() throws InterruptedException {
        CommandAdmission admission = admission(false, 1);
        CountDownLatch allRunning = new CountDownLatch(3);

        for (String name : List.of("a", "b", "c")) {
            command(admission, name, allRunning);
        }

        allRunning.await();
        assertThat(started).containsExactlyInAnyOrder("a", "b", "c");
    }

    @Test
    void shouldRefuseFewerThanOneWorker() {
        assertThatThrownBy(() -> admission(true, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("INVENTORY_WORKER_COUNT");
    }

    @Test
    void shouldRefuseBeyondTheBoundWhateverTheQueue() {
        CommandAdmission admission = admission(true, 1, 2, Duration.ZERO, System::nanoTime);

        for (int i = 0; i < 3; i++) {
            assertThat(admission.enter()).isNull();
        }
        assertThat(admission.enter()).contains("as many commands as it admits (3)");
        admission.leave();
        assertThat(admission.enter()).isNull();
    }

    @Test
    void shouldAbsorbABurstButRefuseAtOnceWhileTheQueueStands() throws InterruptedException {
        AtomicLong now = new AtomicLong(1_000_000_000L);
        CommandAdmission admission = admission(true, 1, 10, Duration.ofMillis(5), now::get);
        CountDownLatch running = new CountDownLatch(1);
        assertThat(admission.enter()).isNull();
        command(admission, "running", running);
        running.await();
        assertThat(admission.enter()).isNull();
        Thread waiting = command(admission, "waiting", null);
        awaitWaiting(waiting);

        assertThat(admission.enter()).as("a burst: the queue has not stood an interval yet").isNull();
        admission.leave();
        now.addAndGet(Duration.ofMillis(100).toNanos());
        assertThat(admission.enter()).as("that interval, the running command got its turn at once").isNull();
        admission.leave();
        now.addAndGet(Duration.ofMillis(100).toNanos()); // and in this one nothing left the queue
        assertThat(admission.enter()).as("the queue stands").contains("have waited longer than 5 ms for a whole 100 ms");

        finish.countDown();
        waiting.join(); // it waited 200 ms: the queue still stands, but nothing waits now
        threads.get(0).join();
        admission.leave();
        admission.leave(); // both commands ended
        assertThat(admission.enter()).as("no command waits behind a worker count of others").isNull();
    }

    /** A command that says it started, then holds its turn until the test lets every command finish. */
    private Thread command(CommandAdmission admission, String name, CountDownLatch running) {
        Thread thread = new Thread(() -> admission.inTurn(() -> {
            started.add(name);
            if (running != null) {
                running.countDown();
            }
            try {
                finish.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return name;
        }), "command-" + name);
        threads.add(thread);
        thread.start();
        return thread;
    }

    /** Parked: waiting for its turn (the only thing a command's thread waits on before it starts). */
    private void awaitWaiting(Thread thread) {
        while (thread.getState() != Thread.State.WAITING) {
            Thread.onSpinWait();
        }
        assertThat(started).doesNotContain(thread.getName().substring("command-".length()));
    }

    private static CommandAdmission admission(boolean enabled, int workers) {
        return admission(enabled, workers, 0, Duration.ZERO, System::nanoTime);
    }

    private static CommandAdmission admission(boolean enabled, int workers, int queueBuffer, Duration target,
            LongSupplier clock) {
        return new CommandAdmission(new AdmissionConfig() {
            @Override
            public boolean enabled() {
                return enabled;
            }

            @Override
            public int workerCount() {
                return workers;
            }

            @Override
            public int queueBufferSize() {
                return queueBuffer;
            }

            @Override
            public Duration queueTargetDelay() {
                return target;
            }

            @Override
            public Duration queueInterval() {
                return Duration.ofMillis(100);
            }
        }, new SimpleMeterRegistry(), clock);
    }
}
