package io.stockflow.warehouse.service;

import io.quarkus.scheduler.Scheduled;
import io.stockflow.warehouse.persistence.IdempotencyRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

/** Housekeeping: expiring reservations release themselves; expired idempotency keys go. */
@ApplicationScoped
public class ScheduledJobs {

    private static final Logger LOG = Logger.getLogger(ScheduledJobs.class);

    private final ReservationService reservations;
    private final IdempotencyRepository keys;

    public ScheduledJobs(ReservationService reservations, IdempotencyRepository keys) {
        this.reservations = reservations;
        this.keys = keys;
    }

    @Scheduled(every = "${reservation.expiry.every}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void expireReservations() {
        int expired;
        int total = 0;
        do {
            expired = reservations.expireDue();
            total += expired;
        } while (expired > 0 && expired == reservationsBatch());
        if (total > 0) {
            LOG.infof("released %d expired reservation(s)", total);
        }
    }

    @Scheduled(every = "${idempotency.prune.every}", delayed = "10s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    @Transactional
    void pruneIdempotencyKeys() {
        int pruned = keys.pruneExpired();
        if (pruned > 0) {
            LOG.infof("pruned %d expired idempotency key(s)", pruned);
        }
    }

    private int reservationsBatch() {
        return reservations.expiryBatchSize();
    }
}
