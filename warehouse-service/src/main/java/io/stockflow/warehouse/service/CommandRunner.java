package io.stockflow.warehouse.service;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.narayana.jta.QuarkusTransactionException;
import io.stockflow.support.http.AdmissionConfig;
import io.stockflow.warehouse.persistence.PersistenceFailure;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Runs every command in its own transaction, together with whatever the caller does in it (the REST
 * edge claims and completes the idempotency key there, so a replay finds the command's answer or
 * nothing). A deadlock (possible only when two requests create the same new levels in different
 * orders) reruns the whole transaction. At most INVENTORY_WORKER_COUNT commands run at once; the
 * others admitted (INVENTORY_QUEUE_BUFFER_SIZE, see service-support's CommandAdmission) wait their turn
 * here, in arrival order, instead of all contending for the database's cores and rows at once.
 */
@ApplicationScoped
public class CommandRunner {

    private static final Logger LOG = Logger.getLogger(CommandRunner.class);
    private static final int ATTEMPTS = 3;
    static final String SPAN = "command transaction";

    private final Tracer tracer;
    private final Semaphore workers;

    public CommandRunner(Tracer tracer, AdmissionConfig admission) {
        this.tracer = tracer;
        this.workers = new Semaphore(admission.enabled() ? admission.workerCount() : Integer.MAX_VALUE, true);
    }

    /**
     * @param context who asks, and the idempotency key (scoped to that principal) if any
     * @param work    the command and what goes with it, run in one new transaction
     */
    public <T> T run(CommandContext context, Supplier<T> work) {
        workers.acquireUninterruptibly();
        try {
            return traced(context, work);
        } finally {
            workers.release();
        }
    }

    private <T> T traced(CommandContext context, Supplier<T> work) {
        if (!Span.current().getSpanContext().isValid()) {
            return runInTransaction(context, work); // nothing traced (tracing off): no span machinery
        }
        // the trace's "commit" step: from the transaction's start (and any rerun) to its commit; the
        // outbox rows keep this span's context, so the relay's publish follows it
        Span span = tracer.spanBuilder(SPAN).startSpan();
        try (Scope scope = span.makeCurrent()) {
            return runInTransaction(context, work);
        } catch (RuntimeException e) {
            // a refusal is the client's mistake, not an error of this span: the HTTP span's status says which
            span.setAttribute("stockflow.rolled_back", e.getClass().getName());
            throw e;
        } finally {
            span.end();
        }
    }

    private <T> T runInTransaction(CommandContext context, Supplier<T> work) {
        String idempotencyKey = context.idempotencyKey();
        for (int attempt = 1; ; attempt++) {
            try {
                return QuarkusTransaction.requiringNew().call(work::get);
            } catch (QuarkusTransactionException wrapped) {
                throw wrapped.getCause() instanceof RuntimeException cause ? cause : wrapped;
            } catch (PersistenceFailure failure) {
                if (failure.isLockTimeout() && idempotencyKey != null) {
                    throw new IdempotencyInProgress(idempotencyKey);
                }
                if (!failure.isTransient() || attempt == ATTEMPTS) {
                    throw failure;
                }
                LOG.debugf("retrying after %s (attempt %d)", failure.sqlState(), attempt);
            }
        }
    }

    /** The key is held by a request still executing, longer than a duplicate waits. */
    public static class IdempotencyInProgress extends RuntimeException {
        public IdempotencyInProgress(String key) {
            super("a request with Idempotency-Key '" + key + "' is still executing; retry shortly");
        }
    }
}
