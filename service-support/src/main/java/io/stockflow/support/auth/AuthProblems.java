package io.stockflow.support.auth;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.stockflow.support.problem.ErrorType;
import io.stockflow.support.problem.Problem;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The 401 and 403 answers of authentication as problem+json (errorType {@code unauthorized},
 * {@code forbidden}), in JAX-RS (a role check failed) and before it (the HTTP layer's challenge).
 */
public class AuthProblems {

    static final String MISSING_KEY = "send an API key in the " + ApiKeyAuthenticationMechanism.HEADER + " header";
    static final String UNKNOWN_KEY = "the API key is not valid";

    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException e) {
        return unauthorized(false).toResponse();
    }

    @ServerExceptionMapper
    public Response authenticationFailed(AuthenticationFailedException e) {
        return unauthorized(true).toResponse();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, RoutingContext context) {
        String detail = context.user() instanceof QuarkusHttpUser user
                ? "the key '" + user.getSecurityIdentity().getPrincipal().getName() + "' (role "
                        + role(user.getSecurityIdentity()) + ") may not make this request"
                : "this key may not make this request";
        return forbidden(detail).toResponse();
    }

    /** Ends a raw HTTP response with the 401 problem (the authentication layer runs before JAX-RS). */
    static void unauthorized(HttpServerResponse response, boolean keyPresented) {
        unauthorized(keyPresented).end(response);
    }

    static Problem forbidden(String detail) {
        return Problem.of(ErrorType.FORBIDDEN, detail);
    }

    static String role(SecurityIdentity identity) {
        return identity.getAttribute(ApiKeyIdentityProvider.ROLE_ATTRIBUTE);
    }

    private static Problem unauthorized(boolean keyPresented) {
        return Problem.of(ErrorType.UNAUTHORIZED, keyPresented ? UNKNOWN_KEY : MISSING_KEY);
    }
}
