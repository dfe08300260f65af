package io.stockflow.warehouse.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.ws.rs.core.Response;
import java.util.List;

/** RFC 9457 problem details, with the contract's {@code errorType}. */
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

    public record FieldError(String field, String message) {
    }

    public static Problem of(int status, String errorType, String title, String detail) {
        return new Problem("urn:stockflow:problem:" + errorType, title, status, detail, errorType, null, null);
    }

    public Problem withErrors(List<FieldError> fieldErrors) {
        return new Problem(type, title, status, detail, errorType, fieldErrors, current);
    }

    public Problem withCurrent(Object now) {
        return new Problem(type, title, status, detail, errorType, errors, now);
    }

    public Response toResponse() {
        return Response.status(status).type(MEDIA_TYPE).entity(this).build();
    }

    public static Problem validation(String detail, List<FieldError> errors) {
        return of(400, "validation_error", "Request is not valid", detail).withErrors(errors);
    }

    public static Problem validation(String field, String message) {
        return validation(field + ": " + message, List.of(new FieldError(field, message)));
    }
}
