package io.stockflow.catalog.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;

/** An RFC 9457 problem as CONTRACT.md fixes it; {@code errors} lists the fields of a validation error. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(URI type, String title, int status, String detail, String errorType, List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public record FieldError(String field, String message) {
    }

    public static Problem of(int status, String errorType, String title, String detail) {
        return new Problem(URI.create("https://stockflow.io/problems/" + errorType.replace('_', '-')), title, status,
                detail, errorType, null);
    }

    public static Problem validation(String detail, List<FieldError> errors) {
        Problem p = of(400, "validation_error", "Validation failed", detail);
        return new Problem(p.type(), p.title(), p.status(), p.detail(), p.errorType(), errors);
    }

    public static Problem notFound(String detail) {
        return of(404, "not_found", "Not found", detail);
    }

    public static Problem payloadTooLarge(String detail) {
        return of(413, "payload_too_large", "Payload too large", detail);
    }

    public static Problem unavailable(String detail) {
        return of(503, "service_unavailable", "Service unavailable", detail);
    }

    public Response toResponse() {
        return Response.status(status).type(MEDIA_TYPE).entity(this).build();
    }
}
