package io.stockflow.warehouse.edge;

import io.stockflow.support.problem.Problem;
import io.stockflow.warehouse.domain.AlreadyExists;
import io.stockflow.warehouse.domain.IncomingLine;
import io.stockflow.warehouse.domain.NotFound;
import io.stockflow.warehouse.domain.QuantityOutOfRange;
import io.stockflow.warehouse.domain.Reservation;
import io.stockflow.warehouse.domain.StockRuleViolation;
import io.stockflow.warehouse.service.CommandRunner;
import io.stockflow.warehouse.service.Cursors;
import io.stockflow.warehouse.service.InventoryService;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The warehouse's own refusals as problem+json, for every resource (the console shows them as HTML,
 * see console/ConsoleProblems); what both services refuse alike (malformed JSON, validation, unknown
 * paths, our own faults) is mapped by service-support's ProblemMappers.
 */
public class DomainProblemMappers {

    @ServerExceptionMapper
    public Response stockRule(StockRuleViolation e) {
        Problem problem = refused(e);
        List<Object> current = e.current().stream().map(l -> (Object) l.state()).toList();
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
        return refused(e).toResponse();
    }

    @ServerExceptionMapper
    public Response alreadyExists(AlreadyExists e) {
        return refused(e).toResponse();
    }

    @ServerExceptionMapper
    public Response reservationNotActive(Reservation.NotActive e) {
        return refused(e).toResponse();
    }

    @ServerExceptionMapper
    public Response incomingNotOpen(IncomingLine.NotOpen e) {
        return refused(e).toResponse();
    }

    /** A quantity or date an incoming line cannot take, named like any field that fails validation. */
    @ServerExceptionMapper
    public Response incomingRefused(IncomingLine.Refused e) {
        return Problem.validation(e.field(), e.getMessage()).toResponse();
    }

    @ServerExceptionMapper
    public Response idempotencyInProgress(CommandRunner.IdempotencyInProgress e) {
        return refused(e).toResponse();
    }

    @ServerExceptionMapper
    public Response idempotencyKeyReuse(CommandSupport.IdempotencyKeyReuse e) {
        return refused(e).toResponse();
    }

    @ServerExceptionMapper
    public Response invalidCursor(Cursors.InvalidCursor e) {
        return Problem.validation("cursor", e.getMessage()).toResponse();
    }

    /** A refusal with its message as the detail, typed by the one table in {@link Refusals}. */
    private static Problem refused(RuntimeException e) {
        return Problem.of(Refusals.errorType(e), e.getMessage());
    }

    @ServerExceptionMapper({ QuantityOutOfRange.class, ArithmeticException.class })
    public Response outOfRange(RuntimeException e) {
        return Problem.validation("quantity", "out of range: " + e.getMessage()).toResponse();
    }
}
