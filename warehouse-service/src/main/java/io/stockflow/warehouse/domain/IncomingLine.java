package io.stockflow.warehouse.domain;

import java.time.Instant;
import java.util.UUID;

/**
 * One purchase-order or ASN line: {@code quantity} units of a product expected in a warehouse at
 * {@code expectedAt}. It stays open until all of it was received or what is left was cancelled;
 * {@code 0 <= received <= quantity} always.
 */
public final class IncomingLine {

    public enum Status {
        OPEN, RECEIVED, CANCELLED;

        public String wireName() {
            return name().toLowerCase();
        }

        public static Status fromWireName(String value) {
            return valueOf(value.toUpperCase());
        }
    }

    private final UUID id;
    private final LevelKey key;
    private final long quantity;
    private long received;
    private final Instant expectedAt;
    private final String reference;
    private Status status;
    private final Instant createdAt;
    private Instant updatedAt;

    public IncomingLine(UUID id, LevelKey key, long quantity, long received, Instant expectedAt, String reference,
            Status status, Instant createdAt, Instant updatedAt) {
        this.id = id;
        this.key = key;
        this.quantity = quantity;
        this.received = received;
        this.expectedAt = expectedAt;
        this.reference = reference;
        this.status = status;
        this.createdAt = createdAt;
        this.updatedAt = updatedAt;
    }

    /** A new line; it must bring something, and not on a date already past. */
    public static IncomingLine expect(UUID id, LevelKey key, long quantity, Instant expectedAt, String reference,
            Instant now) {
        if (quantity <= 0) {
            throw new Refused("quantity", "must be positive");
        }
        if (expectedAt.isBefore(now)) {
            throw new Refused("expectedAt", "must not be in the past (now " + now + ")");
        }
        return new IncomingLine(id, key, quantity, 0, expectedAt, reference, Status.OPEN, now, now);
    }

    /**
     * Receives {@code quantity} units (null: all that is open); the line closes as received once
     * nothing is open. Returns the units received now.
     */
    public long receive(Long quantity, Instant at) {
        requireOpen();
        long units = quantity == null ? open() : quantity;
        if (units <= 0) {
            throw new Refused("quantity", "must be positive");
        }
        if (units > open()) {
            throw new Refused("quantity", "receiving " + units + " but only " + open() + " of incoming line " + id
                    + " is open");
        }
        received += units;
        if (open() == 0) {
            status = Status.RECEIVED;
        }
        updatedAt = at;
        return units;
    }

    /** Cancels what is still open; returns those units. */
    public long cancel(Instant at) {
        requireOpen();
        long dropped = open();
        status = Status.CANCELLED;
        updatedAt = at;
        return dropped;
    }

    private void requireOpen() {
        if (status != Status.OPEN) {
            throw new NotOpen(this);
        }
    }

    /** What the line still brings: nothing once received in full or cancelled. */
    public long open() {
        return status == Status.OPEN ? quantity - received : 0;
    }

    public boolean isOpen() {
        return status == Status.OPEN;
    }

    public UUID id() {
        return id;
    }

    public LevelKey key() {
        return key;
    }

    public long quantity() {
        return quantity;
    }

    public long received() {
        return received;
    }

    public Instant expectedAt() {
        return expectedAt;
    }

    public String reference() {
        return reference;
    }

    public Status status() {
        return status;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }

    /** The line was received in full or cancelled already. */
    public static final class NotOpen extends RuntimeException {
        public NotOpen(IncomingLine line) {
            super("incoming line " + line.id() + " is " + line.status().wireName() + ", not open");
        }
    }

    /** A quantity or date the line cannot take; names the field, so it answers as a validation error. */
    public static final class Refused extends RuntimeException {
        private final String field;

        public Refused(String field, String message) {
            super(message);
            this.field = field;
        }

        public String field() {
            return field;
        }
    }
}
