package io.stockflow.warehouse.outbox;

import java.time.Duration;

/**
 * Where the stamp's scan of unstamped rows may start: past a ledger sequence at or below which every
 * outbox row is stamped and no new one can come. The scan goes by the partial index of unstamped rows,
 * whose entries of stamped rows stay (dead) until VACUUM; from the left, every pass would walk all of
 * them. The leader's own state, in memory: a new leader starts from the left.
 * <p>
 * Why a floor holds: a transaction takes ledger sequences only once it has a transaction id (it locks
 * the level's row first; see OutboxRelay). A {@link Mark} reads the sequence's last value, then takes a
 * transaction id of its own: every holder of a sequence at or below that value got its id before, so
 * once the oldest running transaction is younger than the mark's (a pass's snapshot xmin), they have
 * all committed or rolled back, and a pass that stamped everything visible to that snapshot (fewer
 * rows than its limit) left none of them unstamped. A sweep from the left every {@link #SWEEP} stamps
 * anything a writer breaking that rule left below the floor, late rather than never.
 */
final class StampFloor {

    /** A ledger sequence's value then, and the transaction id taken after reading it. */
    record Mark(long sequence, long xid) {
    }

    /** At most one mark in this time: each costs a round trip and a transaction id. */
    static final Duration MARK_INTERVAL = Duration.ofMillis(100);
    static final Duration SWEEP = Duration.ofMinutes(1);

    private long floor;
    private Mark pending;
    private long lastMarkNanos;
    private long lastSweepNanos;

    StampFloor(long nowNanos) {
        lastMarkNanos = nowNanos - MARK_INTERVAL.toNanos();
        lastSweepNanos = nowNanos;
    }

    /** The sequence the next pass scans past: 0 (from the left) when a sweep is due. */
    long scanFrom(long nowNanos) {
        if (nowNanos - lastSweepNanos >= SWEEP.toNanos()) {
            return 0;
        }
        return floor;
    }

    /** Whether a new mark should be taken before the next pass. */
    boolean wantsMark(long nowNanos) {
        return pending == null && nowNanos - lastMarkNanos >= MARK_INTERVAL.toNanos();
    }

    void marked(Mark mark, long nowNanos) {
        pending = mark;
        lastMarkNanos = nowNanos;
    }

    /**
     * A committed pass that scanned from {@code scannedFrom}, stamped {@code stamped} of at most
     * {@code limit} rows, the lowest at {@code lowestSequence}, under a snapshot whose oldest running
     * transaction is {@code xmin}. Returns whether it stamped a row at or below the floor: a writer broke
     * the rule above, and only a sweep found the row.
     */
    boolean passed(long scannedFrom, int stamped, int limit, long lowestSequence, long xmin, long nowNanos) {
        if (scannedFrom == 0) {
            lastSweepNanos = nowNanos;
        }
        boolean belowFloor = stamped > 0 && lowestSequence <= floor;
        if (pending != null && stamped < limit && xmin >= pending.xid()) {
            floor = Math.max(floor, pending.sequence());
            pending = null;
        }
        return belowFloor;
    }

    long floor() {
        return floor;
    }
}
