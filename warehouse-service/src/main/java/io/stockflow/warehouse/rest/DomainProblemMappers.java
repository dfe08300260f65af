package io.stockflow.warehouse.rest;

import io.stockflow.support.problem.ErrorType;
import io.stockflow.support.problem.Problem;
import io.stockflow.warehouse.config.WarehouseConfig;
import io.stockflow.warehouse.domain.AlreadyExists;
import io.stockflow.warehouse.domain.NotFound;
import io.stockflow.warehouse.domain.Reservation;
import io.stockflow.warehouse.domain.StockLevel;
import io.stockflow.warehouse.domain.StockRuleViolation;
import io.stockflow.warehouse.service.CommandRunner;
import io.stockflow.warehouse.service.Cursors;
import io.stockflow.warehouse.service.InventoryService;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The warehouse's own refusals as problem+json; what both services refuse alike (malformed JSON,
 * validation, unknown paths, our own faults) is mapped by service-support's ProblemMappers.
 */
public class DomainProblemMappers {

    private final WarehouseConfig config;

    public DomainProblemMappers(WarehouseConfig config) {
        this.config = config;
    }

    @ServerExceptionMapper
    public Response stockRule(StockRuleViolation e) {
        boolean conflict = e.kind() == StockRuleViolation.Kind.VERSION_CONFLICT;
        Problem problem = Problem.of(conflict ? ErrorType.VERSION_CONFLICT : ErrorType.INSUFFICIENT_STOCK,
                e.getMessage());
        List<Object> current = e.current().stream().map(l -> (Object) l.state(config.defaultLowStockThreshold())).toList();
        return (current.isEmpty() ? problem : problem.withCurrent(current.size() == 1 ? current.get(0) : current))
                .toResponse();
    }

    @ServerExceptionMapper
    public Response batchRefused(InventoryService.BatchRefused e) {
        Response line;
        if (e.getCause() instanceof StockRuleViolation violation) {
            line = stockRule(violation);
        } else if (e.getCause() instanceof NotFound notFound) {
            line = notFound(notFound);
        } else {
            line = outOfRange((RuntimeException) e.getCause());
        }
        Problem problem = (Problem) line.getEntity();
        return problem.withDetail("atomic batch refused, nothing applied: " + e.getMessage())
                .withErrors(List.of(new Problem.FieldError("adjustments[" + e.index() + "]", e.getCause().getMessage())))
                .toResponse();
    }

    @ServerExceptionMapper
    public Response notFound(NotFound e) {
        return Problem.of(ErrorType.NOT_FOUND, e.getMessage()).toResponse();
    }

    @ServerExceptionMapper
    public Response alreadyExists(AlreadyExists e) {
        return Problem.of(ErrorType.ALREADY_EXISTS, e.getMessage()).toResponse();
    }

    @ServerExceptionMapper
    public Response reservationNotActive(Reservation.NotActive e) {
        return Problem.of(ErrorType.RESERVATION_NOT_ACTIVE, e.getMessage()).toResponse();
    }

    @ServerExceptionMapper
    public Response idempotencyInProgress(CommandRunner.IdempotencyInProgress e) {
        return Problem.of(ErrorType.IDEMPOTENCY_IN_PROGRESS, e.getMessage()).toResponse();
    }

    @ServerExceptionMapper
    public Response idempotencyKeyReuse(CommandRunner.IdempotencyKeyReuse e) {
        return Problem.of(ErrorType.IDEMPOTENCY_KEY_REUSE, e.getMessage()).toResponse();
    }

    @ServerExceptionMapper
    public Response invalidCursor(Cursors.InvalidCursor e) {
        return Problem.validation("cursor", e.getMessage()).toResponse();
    }

    @ServerExceptionMapper({ StockLevel.QuantityOutOfRange.class, ArithmeticException.class })
    public Response outOfRange(RuntimeException e) {
        return Problem.validation("quantity", "out of range: " + e.getMessage()).toResponse();
    }
}
