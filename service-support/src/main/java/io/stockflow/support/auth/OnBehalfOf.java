package io.stockflow.support.auth;

import io.stockflow.support.problem.Problem;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.util.Optional;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * {@code X-On-Behalf-Of: <person>}: a {@code write} or {@code service} key (or an admin key, which
 * includes write) may say for whom it acts; it is recorded beside the key's principal, never instead.
 * The seed's {@code X-Actor} is read as the same header. Any other key that sends it is refused (403).
 */
public class OnBehalfOf {

    public static final String HEADER = "X-On-Behalf-Of";
    /** The seed's header: no longer the actor, read as {@link #HEADER}. */
    public static final String LEGACY_HEADER = "X-Actor";
    public static final int MAX_LENGTH = 128;

    /** Who the request acts for, if it says so (checked by the filter before any resource runs). */
    public static Optional<String> of(HttpHeaders headers) {
        String value = headers.getHeaderString(HEADER);
        return Optional.ofNullable(value != null ? value : headers.getHeaderString(LEGACY_HEADER));
    }

    @ServerRequestFilter
    public Optional<Response> check(ContainerRequestContext request) {
        String value = request.getHeaderString(HEADER);
        String legacy = request.getHeaderString(LEGACY_HEADER);
        if (value == null && legacy == null) {
            return Optional.empty();
        }
        SecurityContext caller = request.getSecurityContext();
        if (Roles.MAY_ACT_ON_BEHALF.stream().noneMatch(caller::isUserInRole)) {
            return Optional.of(AuthProblems.forbidden("only write and service keys may send " + HEADER).toResponse());
        }
        String header = value != null ? HEADER : LEGACY_HEADER;
        if (value != null && legacy != null && !value.equals(legacy)) {
            return Optional.of(Problem.validation(LEGACY_HEADER, "differs from " + HEADER + "; send only " + HEADER)
                    .toResponse());
        }
        String person = value != null ? value : legacy;
        if (person.isBlank() || person.length() > MAX_LENGTH) {
            return Optional.of(Problem.validation(header, "must be 1 to " + MAX_LENGTH + " characters").toResponse());
        }
        if (person.chars().anyMatch(Character::isISOControl)) {
            return Optional.of(Problem.validation(header, "must not contain control characters").toResponse());
        }
        return Optional.empty();
    }
}
