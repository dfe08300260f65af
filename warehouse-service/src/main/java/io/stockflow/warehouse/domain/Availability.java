package io.stockflow.warehouse.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Available-to-promise for one product: what can be sold now, and from which date more can, as open
 * incoming lines arrive and active reservations run out. Each level keeps its own safety stock back
 * (floored at 0 per level, as {@link StockLevel#available()} does). A line already overdue, or a
 * reservation already past its expiry but not yet released, counts from {@code now}: it is due any moment.
 */
public final class Availability {

    private Availability() {
    }

    /** Units of a level held by an active reservation until {@code expiresAt}. */
    public record Hold(LevelKey key, long quantity, Instant expiresAt) {
    }

    /** From {@code date} on, {@code available} can be promised. */
    public record Point(Instant date, long available) {
    }

    /**
     * @param available   what can be promised now
     * @param timeline    each later moment at which that grows, with the new total, in date order
     * @param promiseDate the first moment {@code quantity} can be promised ({@code now} if already), or null
     */
    public record Promise(long available, List<Point> timeline, Instant promiseDate) {
    }

    /** At one moment, one level: units that arrive and reserved units given back. */
    private record Change(LevelKey key, long arriving, long released) {
    }

    public static Promise promise(Collection<StockLevel> levels, Collection<IncomingLine> openLines,
            Collection<Hold> holds, long quantity, Instant now) {
        if (quantity <= 0) {
            throw new IllegalArgumentException("quantity must be positive");
        }
        Map<LevelKey, long[]> state = new HashMap<>(); // per level: onHand, reserved, safety stock
        for (StockLevel level : levels) {
            state.put(level.key(), new long[] { level.onHand(), level.reserved(), level.safetyStock() });
        }
        // per moment, per level: what arrives (onHand) and what is given back (reserved)
        TreeMap<Instant, List<Change>> changes = new TreeMap<>();
        for (IncomingLine line : openLines) {
            changes.computeIfAbsent(atOrAfter(line.expectedAt(), now), d -> new ArrayList<>())
                    .add(new Change(line.key(), line.open(), 0));
        }
        for (Hold hold : holds) {
            changes.computeIfAbsent(atOrAfter(hold.expiresAt(), now), d -> new ArrayList<>())
                    .add(new Change(hold.key(), 0, hold.quantity()));
        }
        long today = total(state.values());
        List<Point> timeline = new ArrayList<>();
        long previous = today;
        for (Map.Entry<Instant, List<Change>> moment : changes.entrySet()) {
            for (Change change : moment.getValue()) {
                long[] level = state.computeIfAbsent(change.key(), k -> new long[3]);
                level[0] = Math.addExact(level[0], change.arriving());
                level[1] = Math.max(0, level[1] - change.released());
            }
            long total = total(state.values());
            if (total != previous) {
                timeline.add(new Point(moment.getKey(), total));
                previous = total;
            }
        }
        Instant promiseDate = today >= quantity ? now
                : timeline.stream().filter(p -> p.available() >= quantity).map(Point::date).findFirst().orElse(null);
        return new Promise(today, List.copyOf(timeline), promiseDate);
    }

    private static long total(Collection<long[]> levels) {
        long sum = 0;
        for (long[] level : levels) {
            sum = Math.addExact(sum, Math.max(0, level[0] - level[1] - level[2]));
        }
        return sum;
    }

    private static Instant atOrAfter(Instant date, Instant now) {
        return date.isBefore(now) ? now : date;
    }
}
