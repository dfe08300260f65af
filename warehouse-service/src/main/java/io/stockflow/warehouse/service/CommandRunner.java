package io.stockflow.warehouse.service;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.narayana.jta.QuarkusTransactionException;
import io.stockflow.support.http.CommandAdmission;
import io.stockflow.warehouse.persistence.PersistenceFailure;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Runs every command in its own transaction, together with whatever the caller does in it (the REST
 * edge claims and completes the idempotency key there, so a replay finds the command's answer or
 * nothing). A deadlock (possible only when two requests create the same new levels in different
 * orders) reruns the whole transaction. Each command waits for its turn (service-support's
 * CommandAdmission, which also bounds how many wait) before its transaction begins.
 */
@ApplicationScoped
public class CommandRunner {

    private static final Logger LOG = Logger.getLogger(CommandRunner.class);
    private static final int ATTEMPTS = 3;
    static final String SPAN = "command transaction";

    private final Tracer tracer;
    private final CommandAdmission admission;

    public CommandRunner(Tracer tracer, CommandAdmission admission) {
        this.tracer = tracer;
        this.admission = admission;
    }

    /**
     * @param context who asks, and the idempotency key (scoped to that principal) if any
     * @param work    the command and what goes with it, run in one new transaction
     */
    public <T> T run(CommandContext context, Supplier<T> work) {
        return admission.inTurn(() -> traced(context, work));
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
