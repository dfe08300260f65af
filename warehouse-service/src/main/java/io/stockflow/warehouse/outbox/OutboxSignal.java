package io.stockflow.warehouse.outbox;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * In-process wake-up for "new feed positions were stamped": wakes the relay's publisher and the
 * feed's long polls without busy polling. Take {@link #next()} BEFORE reading the outbox, then wait
 * on it only if the read found nothing: a stamp in between has completed it already.
 */
@ApplicationScoped
public class OutboxSignal {

    /** The next signal, as seen by one waiter. */
    public record Wake(CompletableFuture<Void> signalled) {

        /** Blocks until the signal or the timeout; a timed-out wait leaves nothing registered. */
        public void await(Duration timeout) throws InterruptedException {
            try {
                signalled.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException | ExecutionException e) {
                // the timeout is the poll
            }
        }

        /** For asynchronous waiters: a copy, so a waiter's timeout or cancel stays its own. */
        public CompletionStage<Void> stage() {
            return signalled.copy();
        }
    }

    private final AtomicReference<CompletableFuture<Void>> next = new AtomicReference<>(new CompletableFuture<>());

    public Wake next() {
        return new Wake(next.get());
    }

    public void signal() {
        next.getAndSet(new CompletableFuture<>()).complete(null);
    }
}
