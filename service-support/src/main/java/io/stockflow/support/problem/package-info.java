/**
 * The one problem+json (RFC 9457) of both services and everything that answers with it.
 * <ul>
 * <li>{@link io.stockflow.support.problem.ErrorType}: every {@code errorType} with its status and title;
 * the {@code type} URI is {@code urn:stockflow:problem:<errorType>}.</li>
 * <li>{@link io.stockflow.support.problem.Problem}: the body; {@code Problem.of(ErrorType, detail)},
 * {@code Problem.validation(field, message)}, {@code Problem.forStatus(status, detail)}; written as a
 * JAX-RS {@code toResponse()} / {@code toResponseBuilder()} (to add Retry-After, RateLimit-*), as bytes
 * {@code toJson()}, or onto a Vert.x response {@code end(HttpServerResponse)} (refusals before JAX-RS:
 * authentication, rate limits, HTTP limits).</li>
 * <li>{@link io.stockflow.support.problem.ProblemException}: thrown to end a request with a problem
 * (and headers), mapped by {@link io.stockflow.support.problem.ProblemMappers}, which also maps what
 * both services refuse alike (malformed JSON, validation, unknown paths, 405/406/415, our own 500).</li>
 * </ul>
 */
package io.stockflow.support.problem;
