package io.stockflow.support.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.stockflow.support.json.StrictJson;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Maps what either service refuses to problem+json: client mistakes are 4xx, only our own faults a
 * 500. Each service adds mappers for its domain's exceptions beside these.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);
    private static final Set<HttpMethod> SAFE_METHODS = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        Response.ResponseBuilder response = e.problem().toResponseBuilder();
        e.headers().forEach(response::header);
        return response.build();
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

    /** Named for MismatchedInputException too: Quarkus's built-in mapper for it would win and answer an empty 400. */
    @ServerExceptionMapper({ JsonMappingException.class, MismatchedInputException.class })
    public Response unreadableJson(JsonMappingException e) {
        if (e.getCause() instanceof StreamReadException unreadable) {
            return malformedJson(unreadable); // a syntax error inside a list or object, wrapped with its path
        }
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

    /** Syntax errors, duplicate keys (StrictJson), numbers out of range. */
    @ServerExceptionMapper
    public Response malformedJson(StreamReadException e) {
        String field = e.getProcessor() == null ? ""
                : field(e.getProcessor().getParsingContext().pathAsPointer().toString());
        if (e instanceof InputCoercionException && !field.isEmpty()) {
            return Problem.validation(field, "number out of range (64-bit integer expected)").toResponse();
        }
        if (e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Duplicate field")) {
            return Problem.validation(field.isEmpty() ? "body" : field, "appears more than once").toResponse();
        }
        return Problem.validation("request body is not valid JSON: " + e.getOriginalMessage(),
                List.of(new Problem.FieldError("body", "malformed JSON"))).toResponse();
    }

    /** Anything else Jackson refuses to read, e.g. nesting or a number beyond its stream constraints. */
    @ServerExceptionMapper
    public Response unreadable(JsonProcessingException e) {
        return Problem.validation("request body is not acceptable JSON: " + e.getOriginalMessage(),
                List.of(new Problem.FieldError("body", "malformed JSON"))).toResponse();
    }

    @ServerExceptionMapper
    public Response unknownPath(NotFoundException e) {
        return Problem.of(ErrorType.NOT_FOUND, "no such resource").toResponse();
    }

    @ServerExceptionMapper
    public Response methodNotAllowed(NotAllowedException e) {
        Response.ResponseBuilder response = Problem.of(ErrorType.METHOD_NOT_ALLOWED,
                "this resource does not answer that method").toResponseBuilder();
        String allow = e.getResponse().getHeaderString("Allow");
        return (allow == null ? response : response.header("Allow", allow)).build();
    }

    @ServerExceptionMapper
    public Response unsupportedMediaType(NotSupportedException e) {
        return Problem.of(ErrorType.UNSUPPORTED_MEDIA_TYPE, "send the body as application/json").toResponse();
    }

    @ServerExceptionMapper
    public Response notAcceptable(NotAcceptableException e) {
        return Problem.of(ErrorType.NOT_ACCEPTABLE, "this resource answers application/json").toResponse();
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        // the JSON body reader wraps what it cannot parse or bind
        if (e.getCause() instanceof JsonMappingException mapping) {
            return unreadableJson(mapping);
        }
        if (e.getCause() instanceof StreamReadException unreadable) {
            return malformedJson(unreadable);
        }
        if (e.getCause() instanceof JsonProcessingException unreadable) {
            return unreadable(unreadable);
        }
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            return unexpected(e);
        }
        String detail = switch (status) {
            case 400 -> "the request could not be read: " + e.getMessage();
            case 404 -> "no such resource";
            case 413 -> "request body is larger than the service accepts";
            default -> e.getMessage();
        };
        Problem problem = Problem.forStatus(status, detail);
        return (status == 400 ? problem.withErrors(List.of(new Problem.FieldError("body", "is not readable")))
                : problem).toResponse();
    }

    @ServerExceptionMapper(priority = 10_000)
    public Response unexpected(Throwable e, HttpServerRequest request) {
        if (DatabaseUnavailable.is(e)) {
            return problem(DatabaseUnavailable.problem(e, request != null && !SAFE_METHODS.contains(request.method())));
        }
        return unexpected(e);
    }

    Response unexpected(Throwable e) {
        LOG.error("unexpected failure", e);
        return Problem.of(ErrorType.INTERNAL_ERROR, "the service failed to handle the request; it has been logged")
                .toResponse();
    }

    private static String wrongType(JsonMappingException e) {
        String message = e.getOriginalMessage();
        if (message != null && message.contains("out of range")) {
            return "number out of range (64-bit integer expected)";
        }
        if (StrictJson.NUL_REFUSED.equals(message)) {
            return message;
        }
        Class<?> target = e instanceof MismatchedInputException mismatch ? mismatch.getTargetType() : null;
        if (target == null) {
            return "has the wrong type or format";
        }
        if (Number.class.isAssignableFrom(target) || target == long.class || target == int.class) {
            return "must be a whole number";
        }
        if (target == java.math.BigDecimal.class || target == double.class) {
            return "must be a number";
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
        if (target.isEnum()) {
            return "must be one of " + java.util.Arrays.stream(target.getEnumConstants()).map(Object::toString)
                    .map(String::toLowerCase).collect(Collectors.joining(", "));
        }
        if (java.util.Collection.class.isAssignableFrom(target)) {
            return "must be an array";
        }
        return "must be a JSON object";
    }

    /** A JSON pointer such as /lines/0/quantity reads "lines[0].quantity". */
    static String field(String pointer) {
        StringBuilder path = new StringBuilder();
        for (String segment : pointer.split("/")) {
            if (segment.isEmpty()) {
                continue;
            }
            boolean index = segment.chars().allMatch(Character::isDigit);
            path.append(index ? "[" + segment + "]" : (path.isEmpty() ? "" : ".") + segment);
        }
        return path.toString();
    }

    /**
     * "adjustBatch.body.adjustments[3].delta" reads "adjustments[3].delta": the method and the body
     * parameter are left out; a parameter violated itself (a query parameter) keeps its name.
     */
    public static String field(ConstraintViolation<?> violation) {
        StringBuilder path = new StringBuilder();
        Iterator<Path.Node> nodes = violation.getPropertyPath().iterator();
        while (nodes.hasNext()) {
            Path.Node node = nodes.next();
            if (node.isInIterable()) {
                path.append('[').append(node.getIndex() != null ? node.getIndex() : node.getKey()).append(']');
            }
            boolean named = node.getKind() == ElementKind.PROPERTY
                    || node.getKind() == ElementKind.PARAMETER && !nodes.hasNext() && !"body".equals(node.getName());
            if (named) {
                path.append(path.isEmpty() ? "" : ".").append(node.getName());
            }
        }
        return path.isEmpty() ? "body" : path.toString();
    }
}
