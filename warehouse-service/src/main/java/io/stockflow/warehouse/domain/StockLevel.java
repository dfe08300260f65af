package io.stockflow.warehouse.domain;

import io.stockflow.events.LevelState;
import java.time.Instant;
import java.util.Collection;
import java.util.UUID;

/**
 * One product in one warehouse: the projection of its ledger. Every state change checks the
 * invariants ({@code onHand >= 0}, {@code 0 <= reserved <= onHand}) before touching anything,
 * bumps the version by exactly one, updates the low-stock flag and returns the ledger entry that
 * explains it.
 */
public final class StockLevel {

    private final LevelKey key;
    private long onHand;
    private long reserved;
    private long version;
    private Long lowStockThreshold;
    private final long defaultThreshold;
    private boolean lowStock;
    /** The low-stock state last reported by {@link #crossedIntoLowStockSinceReported()}. */
    private boolean reportedLowStock;
    private Instant updatedAt;
    private long safetyStock;
    private long incoming;
    private Instant nextIncomingAt;

    private StockLevel(LevelKey key, long onHand, long reserved, long version,
            Long lowStockThreshold, long defaultThreshold, boolean lowStock, Instant updatedAt,
            long safetyStock, long incoming, Instant nextIncomingAt) {
        this.key = key;
        this.onHand = onHand;
        this.reserved = reserved;
        this.version = version;
        this.lowStockThreshold = lowStockThreshold;
        this.defaultThreshold = defaultThreshold;
        this.lowStock = lowStock;
        this.reportedLowStock = lowStock;
        this.updatedAt = updatedAt;
        this.safetyStock = safetyStock;
        this.incoming = incoming;
        this.nextIncomingAt = nextIncomingAt;
    }

    /**
     * A level that does not exist yet: it comes into being with its first change, at version 1.
     * {@code defaultThreshold} applies while the level has no threshold of its own.
     */
    public static StockLevel absent(LevelKey key, long defaultThreshold) {
        return new StockLevel(key, 0, 0, 0, null, defaultThreshold, false, null, 0, 0, null);
    }

    public static StockLevel existing(LevelKey key, long onHand, long reserved, long version, Long lowStockThreshold,
            long defaultThreshold, boolean lowStock, Instant updatedAt) {
        return existing(key, onHand, reserved, version, lowStockThreshold, defaultThreshold, lowStock, updatedAt,
                0, 0, null);
    }

    public static StockLevel existing(LevelKey key, long onHand, long reserved, long version, Long lowStockThreshold,
            long defaultThreshold, boolean lowStock, Instant updatedAt, long safetyStock, long incoming,
            Instant nextIncomingAt) {
        return new StockLevel(key, onHand, reserved, version, lowStockThreshold, defaultThreshold, lowStock,
                updatedAt, safetyStock, incoming, nextIncomingAt);
    }

    public Movement adjust(long delta, Reason reason, String reference, Instant at) {
        long after = plus(onHand, delta);
        if (after < reserved) {
            throw StockRuleViolation.insufficient(after < 0
                    ? "onHand would fall to " + after + " for " + describe()
                    : "onHand would fall to " + after + ", below the " + reserved + " reserved, for " + describe(),
                    snapshotOrNull());
        }
        return apply(MovementType.ADJUSTED, delta, 0, reason.wireName(), reference, null, at);
    }

    public Movement set(long newOnHand, Reason reason, Instant at) {
        if (newOnHand < reserved) {
            throw StockRuleViolation.insufficient("onHand " + newOnHand + " would be below the " + reserved
                    + " reserved for " + describe(), snapshotOrNull());
        }
        return apply(MovementType.SET, newOnHand - onHand, 0, reason.wireName(), null, null, at);
    }

    public Movement transferOut(long quantity, String reference, Instant at) {
        requireAvailable(quantity, "transfer");
        return apply(MovementType.TRANSFER_OUT, -quantity, 0, "transfer", reference, null, at);
    }

    public Movement transferIn(long quantity, String reference, Instant at) {
        plus(onHand, quantity);
        return apply(MovementType.TRANSFER_IN, quantity, 0, "transfer", reference, null, at);
    }

    public Movement reserve(long quantity, UUID reservationId, String reference, Instant at) {
        requireAvailable(quantity, "reserve");
        return apply(MovementType.RESERVED, 0, quantity, "reserved", reference, reservationId, at);
    }

    /** Gives reserved units back to available; {@code type} is RELEASED (asked for) or EXPIRED (by the service). */
    public Movement release(long quantity, UUID reservationId, MovementType type, Instant at) {
        if (quantity > reserved) {
            throw new IllegalStateException("releasing " + quantity + " but only " + reserved + " reserved on " + describe());
        }
        return apply(type, 0, -quantity, type.wireName(), null, reservationId, at);
    }

    /** The reserved goods left the building: onHand and reserved both drop. */
    public Movement commitReserved(long quantity, UUID reservationId, String reference, Instant at) {
        if (quantity > reserved) {
            throw new IllegalStateException("committing " + quantity + " but only " + reserved + " reserved on " + describe());
        }
        return apply(MovementType.COMMITTED, -quantity, -quantity, Reason.SOLD.wireName(), reference, reservationId, at);
    }

    /** A reservation holding units here was extended: nothing moves, the ledger and the version record it. */
    public Movement extendReservation(UUID reservationId, String reference, Instant at) {
        return apply(MovementType.EXTENDED, 0, 0, MovementType.EXTENDED.wireName(), reference, reservationId, at);
    }

    public Movement changeThreshold(long threshold, Instant at) {
        this.lowStockThreshold = threshold;
        return apply(MovementType.THRESHOLD, 0, 0, "threshold", null, null, at);
    }

    /** Holds {@code units} back from available; onHand is untouched. */
    public Movement changeSafetyStock(long units, Instant at) {
        if (units < 0) {
            throw new QuantityOutOfRange("safetyStock must not be negative");
        }
        this.safetyStock = units;
        return apply(MovementType.SAFETY_STOCK, 0, 0, "safety_stock", null, null, at);
    }

    /**
     * A new incoming line. {@code openLines} are the level's open lines after the change (this one
     * included): incoming and nextIncomingAt are taken from them, checked against what this change moves.
     */
    public Movement expectIncoming(IncomingLine line, Collection<IncomingLine> openLines, Instant at) {
        reschedule(line, line.quantity(), openLines);
        return apply(MovementType.INCOMING, 0, 0, "incoming", line.reference(), null, at, line.quantity(), line.id());
    }

    /** {@code units} of the line arrived: onHand grows by them (reason received, the line's reference). */
    public Movement receiveIncoming(IncomingLine line, long units, Collection<IncomingLine> openLines, Instant at) {
        plus(onHand, units);
        reschedule(line, -units, openLines);
        return apply(MovementType.RECEIVED, units, 0, Reason.RECEIVED.wireName(), line.reference(), null, at,
                -units, line.id());
    }

    /** The line's {@code dropped} open units will not come. */
    public Movement cancelIncoming(IncomingLine line, long dropped, Collection<IncomingLine> openLines, Instant at) {
        reschedule(line, -dropped, openLines);
        return apply(MovementType.INCOMING_CANCELLED, 0, 0, "cancelled", line.reference(), null, at, -dropped,
                line.id());
    }

    /** incoming and nextIncomingAt from the open lines, which must account for exactly {@code delta} more. */
    private void reschedule(IncomingLine line, long delta, Collection<IncomingLine> openLines) {
        if (!line.key().equals(key)) {
            throw new IllegalArgumentException("incoming line " + line.id() + " is not of " + describe());
        }
        long sum = 0;
        Instant next = null;
        for (IncomingLine open : openLines) {
            if (!open.key().equals(key) || !open.isOpen()) {
                throw new IllegalArgumentException("incoming line " + open.id() + " is not open on " + describe());
            }
            sum = plus(sum, open.open());
            next = next == null || open.expectedAt().isBefore(next) ? open.expectedAt() : next;
        }
        if (sum != plus(incoming, delta)) {
            throw new IllegalStateException("open incoming lines sum to " + sum + ", not " + incoming + " + " + delta
                    + ", on " + describe());
        }
        incoming = sum;
        nextIncomingAt = next;
    }

    public void expectVersion(long expected) {
        if (expected != version) {
            throw new StockRuleViolation(StockRuleViolation.Kind.VERSION_CONFLICT,
                    "expected version " + expected + " but " + describe() + " is at version " + version,
                    exists() ? java.util.List.of(this) : java.util.List.of());
        }
    }

    /**
     * True exactly when the level is low on stock now but was not when this was last asked (or when
     * it was loaded): available has just fallen below the threshold. Recovering to or above it
     * re-arms the alert.
     */
    public boolean crossedIntoLowStockSinceReported() {
        boolean crossed = lowStock && !reportedLowStock;
        reportedLowStock = lowStock;
        return crossed;
    }

    public LevelState state() {
        return LevelState.of(key.productId(), key.warehouseId(), onHand, reserved, version, effectiveThreshold(),
                updatedAt, safetyStock, incoming, nextIncomingAt);
    }

    public long effectiveThreshold() {
        return lowStockThreshold != null ? lowStockThreshold : defaultThreshold;
    }

    private Movement apply(MovementType type, long deltaOnHand, long deltaReserved, String reason, String reference,
            UUID reservationId, Instant at) {
        return apply(type, deltaOnHand, deltaReserved, reason, reference, reservationId, at, 0, null);
    }

    private Movement apply(MovementType type, long deltaOnHand, long deltaReserved, String reason, String reference,
            UUID reservationId, Instant at, long deltaIncoming, UUID incomingId) {
        onHand += deltaOnHand;
        reserved += deltaReserved;
        version++;
        updatedAt = at;
        lowStock = available() < effectiveThreshold();
        return new Movement(type, key, deltaOnHand, deltaReserved, onHand, reserved, version, reason, reference,
                reservationId, at, deltaIncoming, incomingId);
    }

    private void requireAvailable(long quantity, String what) {
        if (quantity > available()) {
            throw StockRuleViolation.insufficient("cannot " + what + " " + quantity + ": only " + available()
                    + " available for " + describe(), snapshotOrNull());
        }
    }

    private static long plus(long a, long b) {
        try {
            return Math.addExact(a, b);
        } catch (ArithmeticException e) {
            throw new QuantityOutOfRange("quantity would overflow a 64-bit integer");
        }
    }

    private StockLevel snapshotOrNull() {
        return exists() ? this : null;
    }

    private String describe() {
        return "product " + key.productId() + " in warehouse " + key.warehouseId();
    }

    /** Whether the level has been changed at least once (a row exists or is about to). */
    public boolean exists() {
        return version > 0;
    }

    public LevelKey key() {
        return key;
    }

    public long onHand() {
        return onHand;
    }

    public long reserved() {
        return reserved;
    }

    public long available() {
        return LevelState.available(onHand, reserved, safetyStock);
    }

    public long safetyStock() {
        return safetyStock;
    }

    public long incoming() {
        return incoming;
    }

    public Instant nextIncomingAt() {
        return nextIncomingAt;
    }

    public long version() {
        return version;
    }

    public Long lowStockThreshold() {
        return lowStockThreshold;
    }

    public boolean lowStock() {
        return lowStock;
    }

    public Instant updatedAt() {
        return updatedAt;
    }
}
