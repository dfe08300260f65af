package io.stockflow.support.problem;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Ends a request with the given problem (and headers such as Retry-After); raised for refusals. */
public class ProblemException extends RuntimeException {

    private final transient Problem problem;
    private final Map<String, String> headers = new LinkedHashMap<>();

    public ProblemException(Problem problem) {
        super(problem.detail());
        this.problem = problem;
    }

    public ProblemException(ErrorType type, String detail) {
        this(Problem.of(type, detail));
    }

    public Problem problem() {
        return problem;
    }

    public ProblemException withHeader(String name, String value) {
        headers.put(name, value);
        return this;
    }

    public Map<String, String> headers() {
        return headers;
    }

    /** A 400 for one field. */
    public static ProblemException invalid(String field, String message) {
        return new ProblemException(Problem.validation(field, message));
    }

    /** A 413 for a list with more entries than accepted. */
    public static ProblemException tooLarge(String field, int size, int max) {
        return new ProblemException(Problem.of(ErrorType.PAYLOAD_TOO_LARGE,
                field + " has " + size + " entries; at most " + max + " are accepted")
                .withErrors(List.of(new Problem.FieldError(field, "at most " + max + " entries"))));
    }

    /** A 503 with Retry-After: a dependency is down or restarting, the client may retry. */
    public static ProblemException unavailable(String detail, int retryAfterSeconds) {
        return new ProblemException(ErrorType.SERVICE_UNAVAILABLE, detail)
                .withHeader("Retry-After", Integer.toString(retryAfterSeconds));
    }
}
