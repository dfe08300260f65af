package io.stockflow.support.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class StandingQueueTest {

    static final long TARGET = TimeUnit.MILLISECONDS.toNanos(5);
    static final long INTERVAL = TimeUnit.MILLISECONDS.toNanos(100);

    long now = 1_000_000_000L;
    final StandingQueue queue = new StandingQueue(TARGET, INTERVAL, () -> now);

    @Test
    void aQueueIsNotStandingBeforeAWholeIntervalWasSeen() {
        queue.left(ms(80));
        advance(50);
        assertThat(queue.standing(10)).isFalse();
    }

    @Test
    void aQueueWhoseShortestWaitOfAnIntervalExceededTheTargetStands() {
        for (int i = 0; i < 10; i++) {
            queue.left(ms(6 + i));
            advance(10);
        }
        assertThat(queue.standing(3)).isTrue();
    }

    @Test
    void oneCommandThatWaitedLessThanTheTargetMakesItABurstThatDrains() {
        queue.left(ms(40));
        advance(50);
        queue.left(ms(2)); // the queue emptied once: a spike, not a standing queue
        queue.left(ms(60));
        advance(50);
        assertThat(queue.standing(5)).isFalse();
    }

    @Test
    void itStandsUntilAnIntervalSeesAWaitUnderTheTargetAgain() {
        queue.left(ms(30));
        advance(100);
        assertThat(queue.standing(1)).isTrue();
        queue.left(ms(8)); // refusing at the edge keeps waits short, but still above the target
        advance(100);
        assertThat(queue.standing(1)).isTrue();
        queue.left(ms(1));
        advance(100);
        assertThat(queue.standing(0)).isFalse();
    }

    @Test
    void aQueueNothingLeftAllIntervalStandsOnlyIfCommandsWaitInIt() {
        advance(100);
        assertThat(queue.standing(0)).as("idle").isFalse();
        advance(100);
        assertThat(queue.standing(4)).as("every worker stuck").isTrue();
    }

    @Test
    void aQueueStuckSinceItsLastQuickCommandStandsOnceAWholeIntervalPassedWithoutAnother() {
        queue.left(ms(0)); // the last command to leave; every worker has been stuck since
        advance(250);
        assertThat(queue.standing(1)).isTrue();
    }

    @Test
    void aQuietSpellLongerThanAnIntervalIsNoStandingQueue() {
        queue.left(ms(0));
        advance(250);
        queue.left(ms(0)); // the next command found a worker at once
        assertThat(queue.standing(0)).isFalse();
    }

    @Test
    void theVerdictHoldsForTheWholeNextInterval() {
        queue.left(ms(30));
        advance(100);
        assertThat(queue.standing(2)).isTrue();
        queue.left(ms(0));
        advance(60);
        assertThat(queue.standing(2)).isTrue();
    }

    @Test
    void refusesATargetLongerThanTheInterval() {
        assertThatThrownBy(() -> new StandingQueue(INTERVAL + 1, INTERVAL, () -> 0L))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private void advance(long millis) {
        now += ms(millis);
    }

    private static long ms(long millis) {
        return TimeUnit.MILLISECONDS.toNanos(millis);
    }
}
