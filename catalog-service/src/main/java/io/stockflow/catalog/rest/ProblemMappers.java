package io.stockflow.catalog.rest;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.stockflow.catalog.rest.Problem.FieldError;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.Comparator;
import java.util.List;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Maps failures to application/problem+json; client mistakes never become a 5xx. */
public class ProblemMappers {

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
