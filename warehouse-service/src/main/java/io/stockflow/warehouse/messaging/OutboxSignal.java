package io.stockflow.warehouse.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/**
 * In-process wake-up for "new feed positions were stamped": wakes the relay's publisher and the
 * feed's long polls without busy polling. Take {@link #next()} BEFORE reading the outbox, then wait
 * on it only if the read found nothing: a stamp in between has completed it already.
 */
@ApplicationScoped
public class OutboxSignal {

    private final AtomicReference<CompletableFuture<Void>> next = new AtomicReference<>(new CompletableFuture<>());

    /** Completes at the next {@link #signal()}; a copy, so a waiter's timeout or cancel stays its own. */
    public CompletableFuture<Void> next() {
        return next.get().copy();
    }

    public void signal() {
        next.getAndSet(new CompletableFuture<>()).complete(null);
    }
}
