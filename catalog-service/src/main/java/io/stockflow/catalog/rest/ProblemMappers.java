package io.stockflow.catalog.rest;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.smallrye.mutiny.TimeoutException;
import io.stockflow.catalog.persistence.RedisUnavailableException;
import io.stockflow.catalog.rest.Problem.FieldError;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.Comparator;
import java.util.List;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Maps failures to application/problem+json; client mistakes never become a 5xx, a dependency that
 * does not answer is a 503 the client may retry, and only our own faults are a 500.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    /** Seconds a client should wait before retrying after a 503: Redis timeouts clear as load drops. */
    static final String RETRY_AFTER_SECONDS = "1";

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        return e.problem().toResponse();
    }

    @ServerExceptionMapper
    public Response constraintViolation(ConstraintViolationException e) {
        List<FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new FieldError(field(v), v.getMessage()))
                .sorted(Comparator.comparing(FieldError::field))
                .toList();
        return Problem.validation("the request has invalid fields", errors).toResponse();
    }

    @ServerExceptionMapper
    public Response malformedJson(JsonParseException e) {
        return Problem.validation("malformed JSON: " + e.getOriginalMessage(),
                List.of(new FieldError("body", "is not valid JSON"))).toResponse();
    }

    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e) {
        String field = jsonPath(e);
        return Problem.validation("field " + field + " has the wrong type",
                List.of(new FieldError(field, "has the wrong type"))).toResponse();
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        return switch (status) {
            case 404 -> Problem.notFound("no such resource").toResponse();
            case 413 -> Problem.payloadTooLarge("the body is over the limit").toResponse();
            case 400 -> Problem.validation(e.getMessage(), List.of(new FieldError("body", "is not readable"))).toResponse();
            default -> Problem.of(status, status < 500 ? "client_error" : "server_error",
                    Response.Status.fromStatusCode(status) == null ? "Error"
                            : Response.Status.fromStatusCode(status).getReasonPhrase(),
                    e.getMessage()).toResponse();
        };
    }

    /** Redis timed out or is down (a read or an event pushed over HTTP); not logged as an error: it is not ours. */
    @ServerExceptionMapper({ RedisUnavailableException.class, TimeoutException.class })
    public Response unavailable(RuntimeException e) {
        LOG.debugf("answering 503: %s", e.toString());
        Problem problem = Problem.unavailable("a dependency of the catalog did not answer in time; retry shortly");
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem)
                .header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS).build();
    }

    @ServerExceptionMapper(priority = 10_000)
    public Response unexpected(Throwable e) {
        LOG.error("unexpected failure", e);
        return Problem.of(500, "internal_error", "Internal error",
                "the service failed to handle the request; it has been logged").toResponse();
    }

    /** The violated field, e.g. {@code products[2].price}, without the method and parameter names in front. */
    static String field(ConstraintViolation<?> violation) {
        int skip = violation.getExecutableParameters() != null ? 2 : 0;
        StringBuilder field = new StringBuilder();
        int i = 0;
        for (Path.Node node : violation.getPropertyPath()) {
            if (i++ < skip) {
                continue;
            }
            if (node.getIndex() != null) {
                field.append('[').append(node.getIndex()).append(']');
            }
            if (node.getName() != null && !node.getName().isEmpty()) {
                field.append(field.length() == 0 ? "" : ".").append(node.getName());
            }
        }
        return field.length() == 0 ? "body" : field.toString();
    }

    private static String jsonPath(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                path.append(path.length() == 0 ? "" : ".").append(ref.getFieldName());
            } else {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.length() == 0 ? "body" : path.toString();
    }
}
