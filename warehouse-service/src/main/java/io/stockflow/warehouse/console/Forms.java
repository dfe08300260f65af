package io.stockflow.warehouse.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stockflow.support.problem.Problem;
import io.stockflow.support.problem.ProblemException;
import io.stockflow.warehouse.edge.CommandSupport;
import io.stockflow.warehouse.edge.Requests;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validator;
import jakarta.validation.constraints.Pattern;
import java.util.Set;

/** Reading form fields and query parameters into the API's requests, and the commands' answers back. */
final class Forms {

    /** The product and warehouse a console request names, each left out when null. */
    record Ids(@Pattern(regexp = Requests.ID, message = Requests.ID_MESSAGE) String productId,
            @Pattern(regexp = Requests.ID, message = Requests.ID_MESSAGE) String warehouseId) {
    }

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

    /** A field the form must carry: left out or blank, it is refused as the API refuses a missing field. */
    static String required(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new ProblemException(Problem.validation(field, "must not be blank"));
        }
        return value;
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

    /** Checks the ids with the rule the API's paths meet, refused under the same names. */
    static void ids(Validator validator, String productId, String warehouseId) {
        valid(validator, new Ids(productId, warehouseId));
    }

    /** A command's answer (the JSON an idempotency key stores) as the type it was written from. */
    static <T> T read(ObjectMapper mapper, CommandSupport.Answer answer, Class<T> type) {
        try {
            return mapper.readValue(answer.json(), type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a command answered what it cannot read back", e);
        }
    }
}
