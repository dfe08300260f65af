package io.stockflow.warehouse.domain;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Units held for a customer until committed (the goods leave), released, or expired. */
public final class Reservation {

    public enum Status {
        ACTIVE, RELEASED, COMMITTED, EXPIRED;

        public String wireName() {
            return name().toLowerCase();
        }

        public static Status fromWireName(String value) {
            return valueOf(value.toUpperCase());
        }
    }

    public record Allocation(String productId, String warehouseId, long quantity) {
        public LevelKey key() {
            return new LevelKey(productId, warehouseId);
        }
    }

    private final UUID id;
    private Status status;
    private final String reference;
    private Instant expiresAt;
    private int extensions;
    private final Instant createdAt;
    private Instant updatedAt;
    private final List<Allocation> allocations;

    public Reservation(UUID id, Status status, String reference, Instant expiresAt, Instant createdAt,
            Instant updatedAt, List<Allocation> allocations) {
        this(id, status, reference, expiresAt, 0, createdAt, updatedAt, allocations);
    }

    public Reservation(UUID id, Status status, String reference, Instant expiresAt, int extensions,
            Instant createdAt, Instant updatedAt, List<Allocation> allocations) {
        this.id = id;
        this.status = status;
        this.reference = reference;
        this.expiresAt = expiresAt;
        this.extensions = extensions;
        this.createdAt = createdAt;
        this.updatedAt = updatedAt;
        this.allocations = List.copyOf(allocations);
    }

    /**
     * A lease: the reservation now runs until {@code ttlSeconds} after {@code at}. Only an active,
     * unexpired reservation extends (anything else is {@link NotActive}, as an expired one reads once the
     * expiry job has run); a lease never shortens, so a request that would not move the expiry later
     * changes nothing and answers false.
     */
    public boolean extend(long ttlSeconds, Instant at) {
        if (status != Status.ACTIVE || !at.isBefore(expiresAt)) {
            throw new NotActive(status == Status.ACTIVE ? expired() : this);
        }
        Instant until = at.plusSeconds(ttlSeconds);
        if (!until.isAfter(expiresAt)) {
            return false;
        }
        expiresAt = until;
        extensions++;
        updatedAt = at;
        return true;
    }

    /** This reservation as it reads once its expiry has passed (the expiry job releases it). */
    public Reservation expired() {
        return new Reservation(id, Status.EXPIRED, reference, expiresAt, extensions, createdAt, updatedAt,
                allocations);
    }

    /** Ends an active reservation; any other state refuses, so a reservation ends exactly once. */
    public void end(Status outcome, Instant at) {
        if (status != Status.ACTIVE) {
            throw new NotActive(this);
        }
        status = outcome;
        updatedAt = at;
    }

    public UUID id() {
        return id;
    }

    public Status status() {
        return status;
    }

    public String reference() {
        return reference;
    }

    public Instant expiresAt() {
        return expiresAt;
    }

    /** How many times the lease was extended. */
    public int extensions() {
        return extensions;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }

    public List<Allocation> allocations() {
        return allocations;
    }

    /** The reservation has already been released, committed or expired. */
    public static final class NotActive extends RuntimeException {
        private final transient Reservation reservation;

        public NotActive(Reservation reservation) {
            super("reservation " + reservation.id() + " is " + reservation.status().wireName() + ", not active");
            this.reservation = reservation;
        }

        public Reservation reservation() {
            return reservation;
        }
    }
}
