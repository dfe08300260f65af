package io.stockflow.catalog.rest;

/** Ends a request with the given problem; raised by resources for client mistakes. */
public class ProblemException extends RuntimeException {

    private final Problem problem;

    public ProblemException(Problem problem) {
        super(problem.detail());
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }

    public static ProblemException invalid(String field, String message) {
        return new ProblemException(Problem.validation(field + " " + message,
                java.util.List.of(new Problem.FieldError(field, message))));
    }
}
