package io.stockflow.support.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import jakarta.ws.rs.core.Response;
import java.util.List;

/**
 * An RFC 9457 problem (application/problem+json) as CONTRACT.md fixes it, for both services:
 * {@code type} ({@value ErrorType#TYPE_PREFIX}&lt;errorType&gt;), {@code title}, {@code status},
 * {@code detail}, {@code errorType}; {@code errors} lists the fields of a validation error and
 * {@code current} carries the level a 409 refused to change.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(
        String type,
        String title,
        int status,
        String detail,
        String errorType,
        List<FieldError> errors,
        Object current) {

    public static final String MEDIA_TYPE = "application/problem+json";

    /** Writes problems outside JAX-RS (the HTTP layer, authentication); times as RFC 3339. */
    private static final ObjectMapper JSON = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();

    public record FieldError(String field, String message) {
    }

    public static Problem of(ErrorType type, String detail) {
        return new Problem(type.typeUri(), type.title(), type.status(), detail, type.id(), null, null);
    }

    /** A bare status, e.g. a refusal of the HTTP layer: see {@link ErrorType#forStatus(int)}. */
    public static Problem forStatus(int status, String detail) {
        ErrorType type = ErrorType.forStatus(status);
        return new Problem(type.typeUri(), type.title(), status, detail, type.id(), null, null);
    }

    public static Problem validation(String detail, List<FieldError> errors) {
        return of(ErrorType.VALIDATION_ERROR, detail).withErrors(errors);
    }

    /** One field refused: {@code detail} reads "field: message". */
    public static Problem validation(String field, String message) {
        return validation(field + ": " + message, List.of(new FieldError(field, message)));
    }

    public Problem withErrors(List<FieldError> fieldErrors) {
        return new Problem(type, title, status, detail, errorType, fieldErrors, current);
    }

    public Problem withDetail(String newDetail) {
        return new Problem(type, title, status, newDetail, errorType, errors, current);
    }

    public Problem withCurrent(Object now) {
        return new Problem(type, title, status, detail, errorType, errors, now);
    }

    /** For a JAX-RS answer that needs headers too (Retry-After, RateLimit-*). */
    public Response.ResponseBuilder toResponseBuilder() {
        return Response.status(status).type(MEDIA_TYPE).entity(this);
    }

    public Response toResponse() {
        return toResponseBuilder().build();
    }

    public byte[] toJson() {
        try {
            return JSON.writeValueAsBytes(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a problem that cannot be written: " + this, e);
        }
    }

    /**
     * Ends a Vert.x response with this problem, for refusals made before JAX-RS (body or header
     * limits, authentication); set any extra header on {@code response} first.
     */
    public void end(HttpServerResponse response) {
        response.setStatusCode(status).putHeader("Content-Type", MEDIA_TYPE).end(Buffer.buffer(toJson()));
    }
}
