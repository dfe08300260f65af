package io.stockflow.warehouse.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stockflow.support.problem.Problem;
import io.stockflow.support.problem.ProblemException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validator;
import jakarta.ws.rs.core.Response;
import java.util.Set;

/** Reading form fields into the API's requests, and the API's answers back. */
final class Forms {

    private Forms() {
    }

    /** A whole number, or null when left empty; anything else is refused as the API refuses it in JSON. */
    static Long whole(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw new ProblemException(Problem.validation(field, "must be a whole number"));
        }
    }

    static String optional(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    /** Checks a request built from a form with the rules the API's JSON body meets. */
    static <T> T valid(Validator validator, T request) {
        Set<ConstraintViolation<T>> violations = validator.validate(request);
        if (!violations.isEmpty()) {
            throw new ConstraintViolationException(violations);
        }
        return request;
    }

    /** A command's answer (the JSON an idempotency key stores) as the type it was written from. */
    static <T> T read(ObjectMapper mapper, Response response, Class<T> type) {
        try {
            return mapper.readValue((String) response.getEntity(), type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a command answered what it cannot read back", e);
        }
    }

    static boolean replayed(Response response) {
        return "true".equals(response.getHeaderString(io.stockflow.warehouse.rest.CommandSupport.REPLAYED));
    }
}
