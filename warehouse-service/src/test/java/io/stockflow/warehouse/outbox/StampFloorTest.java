package io.stockflow.warehouse.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The stamp floor's rules, without a database: when it may rise, and when a pass goes from the left anyway. */
class StampFloorTest {

    private static final int LIMIT = 100;
    private static final long MS = Duration.ofMillis(1).toNanos();

    private long now = 1_000_000 * MS;
    private final StampFloor floor = new StampFloor(now);

    @Test
    void shouldRiseToAMarkOnceEveryTransactionOlderThanItHasEnded() {
        floor.marked(new StampFloor.Mark(500, 70), now);

        floor.passed(0, 3, LIMIT, 10, 69, later(5));
        assertThat(floor.floor()).as("a transaction older than the mark still runs: it may hold a sequence up to 500").isZero();

        floor.passed(0, 1, LIMIT, 40, 70, later(5));
        assertThat(floor.floor()).isEqualTo(500);
        assertThat(floor.scanFrom(later(5))).isEqualTo(500);
    }

    @Test
    void shouldNotRiseAfterAPassThatStoppedAtItsLimit() {
        floor.marked(new StampFloor.Mark(500, 70), now);

        floor.passed(0, LIMIT, LIMIT, 10, 90, later(5));
        assertThat(floor.floor()).as("visible rows at or below 500 may still wait for their stamp").isZero();

        floor.passed(0, LIMIT - 1, LIMIT, 10, 90, later(5));
        assertThat(floor.floor()).isEqualTo(500);
    }

    @Test
    void shouldTakeAtMostOneMarkAtATimeAndNoneSoonerThanItsInterval() {
        assertThat(floor.wantsMark(now)).isTrue();
        floor.marked(new StampFloor.Mark(500, 70), now);
        assertThat(floor.wantsMark(now)).as("one is pending").isFalse();

        floor.passed(0, 0, LIMIT, 0, 71, later(10));
        assertThat(floor.wantsMark(now)).as("10 ms after the last").isFalse();
        assertThat(floor.wantsMark(later(StampFloor.MARK_INTERVAL.toMillis()))).isTrue();
    }

    @Test
    void shouldNeverGoBackDown() {
        floor.marked(new StampFloor.Mark(500, 70), now);
        floor.passed(0, 0, LIMIT, 0, 71, later(100));
        floor.marked(new StampFloor.Mark(400, 80), now);
        floor.passed(500, 0, LIMIT, 0, 81, later(100));

        assertThat(floor.floor()).isEqualTo(500);
    }

    @Test
    void shouldScanFromTheLeftOnceASweepIsDueAndTellOfRowsItFoundBelowTheFloor() {
        floor.marked(new StampFloor.Mark(500, 70), now);
        floor.passed(0, 0, LIMIT, 0, 71, later(10));
        assertThat(floor.scanFrom(later(10))).isEqualTo(500);

        long due = later(StampFloor.SWEEP.toMillis());
        assertThat(floor.scanFrom(due)).isZero();
        assertThat(floor.passed(0, 2, LIMIT, 450, 90, due)).as("a row at 450 was stamped late").isTrue();
        assertThat(floor.scanFrom(due)).as("swept: the floor again until the next sweep").isEqualTo(500);
        assertThat(floor.passed(500, 2, LIMIT, 600, 90, due)).isFalse();
    }

    private long later(long millis) {
        now += millis * MS;
        return now;
    }
}
