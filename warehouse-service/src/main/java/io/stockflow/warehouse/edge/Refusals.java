package io.stockflow.warehouse.edge;

import io.stockflow.support.problem.ErrorType;
import io.stockflow.warehouse.domain.AlreadyExists;
import io.stockflow.warehouse.domain.IncomingLine;
import io.stockflow.warehouse.domain.NotFound;
import io.stockflow.warehouse.domain.QuantityOutOfRange;
import io.stockflow.warehouse.domain.Reservation;
import io.stockflow.warehouse.domain.StockRuleViolation;
import io.stockflow.warehouse.service.CommandRunner;
import io.stockflow.warehouse.service.Cursors;

/**
 * The one table from the warehouse's refusals to their status and errorType, for a whole request,
 * from the API or the console (DomainProblemMappers), and for one line of a batch (rest/Views) alike.
 */
public final class Refusals {

    private Refusals() {
    }

    public static ErrorType errorType(RuntimeException refusal) {
        if (refusal instanceof StockRuleViolation violation) {
            return violation.kind() == StockRuleViolation.Kind.VERSION_CONFLICT
                    ? ErrorType.VERSION_CONFLICT : ErrorType.INSUFFICIENT_STOCK;
        }
        if (refusal instanceof NotFound) {
            return ErrorType.NOT_FOUND;
        }
        if (refusal instanceof AlreadyExists) {
            return ErrorType.ALREADY_EXISTS;
        }
        if (refusal instanceof Reservation.NotActive) {
            return ErrorType.RESERVATION_NOT_ACTIVE;
        }
        if (refusal instanceof IncomingLine.NotOpen) {
            return ErrorType.INCOMING_NOT_OPEN;
        }
        if (refusal instanceof CommandRunner.IdempotencyInProgress) {
            return ErrorType.IDEMPOTENCY_IN_PROGRESS;
        }
        if (refusal instanceof CommandSupport.IdempotencyKeyReuse) {
            return ErrorType.IDEMPOTENCY_KEY_REUSE;
        }
        if (refusal instanceof QuantityOutOfRange || refusal instanceof ArithmeticException
                || refusal instanceof Cursors.InvalidCursor || refusal instanceof IncomingLine.Refused) {
            return ErrorType.VALIDATION_ERROR;
        }
        throw new IllegalArgumentException("not a refusal: " + refusal.getClass().getName(), refusal);
    }
}
