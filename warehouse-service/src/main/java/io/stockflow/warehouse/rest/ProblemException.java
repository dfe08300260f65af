package io.stockflow.warehouse.rest;

/** Raised by resources for a request they refuse before any service runs. */
public class ProblemException extends RuntimeException {

    private final transient Problem problem;

    public ProblemException(Problem problem) {
        super(problem.detail());
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }

    public static ProblemException tooLarge(String field, int size, int max) {
        return new ProblemException(Problem.of(413, "payload_too_large", "Payload too large",
                field + " has " + size + " entries; at most " + max + " are accepted")
                .withErrors(java.util.List.of(new Problem.FieldError(field, "at most " + max + " entries"))));
    }
}
