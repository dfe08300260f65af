package io.stockflow.support.auth;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The 401, 403 and header 400 answers of authentication, as problem+json (CONTRACT.md: errorType
 * {@code unauthorized}, {@code forbidden}, {@code validation_error}), for JAX-RS and for the HTTP layer alike.
 */
public class AuthProblems {

    public static final String MEDIA_TYPE = "application/problem+json";

    static final String MISSING_KEY = "send an API key in the " + ApiKeyAuthenticationMechanism.HEADER + " header";
    static final String UNKNOWN_KEY = "the API key is not valid";

    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException e) {
        return response(unauthorizedBody(false));
    }

    @ServerExceptionMapper
    public Response authenticationFailed(AuthenticationFailedException e) {
        return response(unauthorizedBody(true));
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, RoutingContext context) {
        return response(forbiddenBody(context.user() instanceof QuarkusHttpUser user
                ? "the key '" + user.getSecurityIdentity().getPrincipal().getName() + "' (role "
                        + user.getSecurityIdentity().getAttribute(ApiKeyIdentityProvider.ROLE_ATTRIBUTE)
                        + ") may not make this request"
                : "this key may not make this request"));
    }

    /** Ends a raw HTTP response with the 401 problem (the authentication layer has no JAX-RS). */
    static void unauthorized(HttpServerResponse response, boolean keyPresented) {
        JsonObject body = unauthorizedBody(keyPresented);
        response.setStatusCode(401).putHeader("Content-Type", MEDIA_TYPE).end(body.encode());
    }

    static Response forbidden(String detail) {
        return response(forbiddenBody(detail));
    }

    static Response invalidHeader(String header, String message) {
        return response(problem(400, "validation_error", "Request is not valid", header + ": " + message)
                .put("errors", new JsonArray().add(new JsonObject().put("field", header).put("message", message))));
    }

    private static JsonObject unauthorizedBody(boolean keyPresented) {
        return problem(401, "unauthorized", "Unauthorized", keyPresented ? UNKNOWN_KEY : MISSING_KEY);
    }

    private static JsonObject forbiddenBody(String detail) {
        return problem(403, "forbidden", "Forbidden", detail);
    }

    private static JsonObject problem(int status, String errorType, String title, String detail) {
        return new JsonObject().put("type", "urn:stockflow:problem:" + errorType).put("title", title)
                .put("status", status).put("detail", detail).put("errorType", errorType);
    }

    private static Response response(JsonObject body) {
        return Response.status(body.getInteger("status")).type(MEDIA_TYPE).entity(body.encode()).build();
    }
}
