package io.stockflow.warehouse.rest;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.stockflow.warehouse.config.WarehouseConfig;
import io.stockflow.warehouse.domain.AlreadyExists;
import io.stockflow.warehouse.domain.NotFound;
import io.stockflow.warehouse.domain.Reservation;
import io.stockflow.warehouse.domain.StockLevel;
import io.stockflow.warehouse.domain.StockRuleViolation;
import io.stockflow.warehouse.service.CommandRunner;
import io.stockflow.warehouse.service.Cursors;
import io.stockflow.warehouse.service.InventoryService;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Path;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Maps every refusal to the contract's problem+json; only our own faults become a 5xx. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    private final WarehouseConfig config;

    public ProblemMappers(WarehouseConfig config) {
        this.config = config;
    }

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        return e.problem().toResponse();
    }

    @ServerExceptionMapper
    public Response constraintViolation(ConstraintViolationException e) {
        List<Problem.FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new Problem.FieldError(field(v), v.getMessage()))
                .sorted(Comparator.comparing(Problem.FieldError::field))
                .toList();
        String detail = errors.stream().map(f -> f.field() + " " + f.message()).collect(Collectors.joining("; "));
        return Problem.validation(detail, errors).toResponse();
    }

    @ServerExceptionMapper
    public Response unreadableJson(JsonMappingException e) {
        String field = e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
        if (field.isEmpty()) {
            return Problem.validation("request body is missing or not the expected JSON object",
                    List.of(new Problem.FieldError("body", e.getOriginalMessage()))).toResponse();
        }
        String message = e instanceof UnrecognizedPropertyException ? "is not a known field" : wrongType(e);
        return Problem.validation(field, message).toResponse();
    }

    /** More specific than Quarkus' built-in mapper for this type, which answers an empty 400. */
    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e) {
        return unreadableJson(e);
    }

    @ServerExceptionMapper
    public Response malformedJson(JsonParseException e) {
        return Problem.validation("request body is not valid JSON: " + e.getOriginalMessage(),
                List.of(new Problem.FieldError("body", "malformed JSON"))).toResponse();
    }

    @ServerExceptionMapper
    public Response stockRule(StockRuleViolation e) {
        boolean conflict = e.kind() == StockRuleViolation.Kind.VERSION_CONFLICT;
        Problem problem = Problem.of(409, conflict ? "version_conflict" : "insufficient_stock",
                conflict ? "Version conflict" : "Insufficient stock", e.getMessage());
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
        return new Problem(problem.type(), problem.title(), problem.status(),
                "atomic batch refused, nothing applied: " + e.getMessage(), problem.errorType(),
                List.of(new Problem.FieldError("adjustments[" + e.index() + "]", e.getCause().getMessage())),
                problem.current()).toResponse();
    }

    @ServerExceptionMapper
    public Response notFound(NotFound e) {
        return Problem.of(404, "not_found", "Not found", e.getMessage()).toResponse();
    }

    @ServerExceptionMapper
    public Response alreadyExists(AlreadyExists e) {
        return Problem.of(409, "already_exists", "Already exists", e.getMessage()).toResponse();
    }

    @ServerExceptionMapper
    public Response reservationNotActive(Reservation.NotActive e) {
        return Problem.of(409, "reservation_not_active", "Reservation not active", e.getMessage()).toResponse();
    }

    @ServerExceptionMapper
    public Response idempotencyInProgress(CommandRunner.IdempotencyInProgress e) {
        return Problem.of(409, "idempotency_in_progress", "Request in progress", e.getMessage()).toResponse();
    }

    @ServerExceptionMapper
    public Response idempotencyKeyReuse(CommandRunner.IdempotencyKeyReuse e) {
        return Problem.of(422, "idempotency_key_reuse", "Idempotency key reused", e.getMessage()).toResponse();
    }

    @ServerExceptionMapper
    public Response invalidCursor(Cursors.InvalidCursor e) {
        return Problem.validation("cursor", e.getMessage()).toResponse();
    }

    @ServerExceptionMapper({ StockLevel.QuantityOutOfRange.class, ArithmeticException.class })
    public Response outOfRange(RuntimeException e) {
        return Problem.validation("quantity", "out of range: " + e.getMessage()).toResponse();
    }

    @ServerExceptionMapper
    public Response unknownPath(NotFoundException e) {
        return Problem.of(404, "not_found", "Not found", "no such resource").toResponse();
    }

    @ServerExceptionMapper
    public Response methodNotAllowed(NotAllowedException e) {
        return Problem.of(405, "method_not_allowed", "Method not allowed", e.getMessage()).toResponse();
    }

    @ServerExceptionMapper
    public Response unsupportedMediaType(NotSupportedException e) {
        return Problem.of(415, "unsupported_media_type", "Unsupported media type",
                "send the body as application/json").toResponse();
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        // the JSON reader wraps what Jackson said; answer with the field it names
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof JsonParseException parse) {
                return malformedJson(parse);
            }
            if (cause instanceof JsonMappingException mapping) {
                return unreadableJson(mapping);
            }
        }
        int status = e.getResponse().getStatus();
        if (status == 413) {
            return Problem.of(413, "payload_too_large", "Payload too large", "request body is too large").toResponse();
        }
        if (status >= 500) {
            return unexpected(e);
        }
        return Problem.of(status, status == 400 ? "validation_error" : "http_" + status,
                e.getResponse().getStatusInfo().getReasonPhrase(), e.getMessage()).toResponse();
    }

    @ServerExceptionMapper(priority = 10_000)
    public Response unexpected(Throwable e) {
        LOG.error("unexpected failure", e);
        return Problem.of(500, "internal_error", "Internal error",
                "the service failed to handle the request; it has been logged").toResponse();
    }

    private static String wrongType(JsonMappingException e) {
        String message = e.getOriginalMessage();
        if (message.contains("out of range")) {
            return "number out of range (64-bit integer expected)";
        }
        Class<?> target = e instanceof MismatchedInputException mismatch ? mismatch.getTargetType() : null;
        if (target == null) {
            return "has the wrong type or format";
        }
        if (Number.class.isAssignableFrom(target) || target == long.class || target == int.class) {
            return "must be a whole number";
        }
        if (target == String.class) {
            return "must be a string";
        }
        if (target == Boolean.class || target == boolean.class) {
            return "must be true or false";
        }
        if (target == java.util.UUID.class) {
            return "must be a UUID";
        }
        if (target == java.time.Instant.class) {
            return "must be an RFC 3339 timestamp, e.g. 2026-01-31T12:00:00Z";
        }
        if (java.util.Collection.class.isAssignableFrom(target)) {
            return "must be an array";
        }
        return "must be a JSON object";
    }

    /** "adjustBatch.body.adjustments[3].delta" reads "adjustments[3].delta"; a query parameter keeps its name. */
    private static String field(ConstraintViolation<?> violation) {
        StringBuilder path = new StringBuilder();
        for (Path.Node node : violation.getPropertyPath()) {
            if (node.isInIterable()) {
                path.append('[').append(node.getIndex() != null ? node.getIndex() : node.getKey()).append(']');
            }
            boolean named = switch (node.getKind()) {
                case PROPERTY -> true;
                case PARAMETER -> !"body".equals(node.getName());
                default -> false;
            };
            if (named) {
                path.append(path.isEmpty() ? "" : ".").append(node.getName());
            }
        }
        return path.isEmpty() ? "body" : path.toString();
    }
}
