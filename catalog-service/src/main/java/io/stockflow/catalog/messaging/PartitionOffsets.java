package io.stockflow.catalog.messaging;

import java.util.TreeSet;

/**
 * The offsets of one partition that were fetched but are not yet applied. Workers finish them out of
 * order (different products of one partition go to different workers), so the committable position
 * is the lowest offset still pending: every record before it has been applied.
 */
final class PartitionOffsets {

    private final TreeSet<Long> pending = new TreeSet<>();
    private long next = -1;
    private long committed = -1;

    synchronized void track(long offset) {
        pending.add(offset);
        next = Math.max(next, offset + 1);
    }

    synchronized void done(long offset) {
        pending.remove(offset);
    }

    /** Forgets offsets from {@code offset} on: they were fetched but never handed to a worker. */
    synchronized void forgetFrom(long offset) {
        pending.tailSet(offset, true).clear();
        next = Math.min(next, offset);
    }

    synchronized boolean idle() {
        return pending.isEmpty();
    }

    /** The offset to commit if it moved since the last commit, else -1. */
    synchronized long toCommit() {
        long position = pending.isEmpty() ? next : pending.first();
        return position > committed ? position : -1;
    }

    synchronized void committed(long position) {
        committed = Math.max(committed, position);
    }
}
