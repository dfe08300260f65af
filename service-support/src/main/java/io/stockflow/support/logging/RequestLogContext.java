package io.stockflow.support.logging;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.SecurityContext;
import java.security.Principal;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.jboss.logging.MDC;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * What every log line written while the API answers a request carries (MDC, so JSON logs show it
 * under {@code mdc}): {@code requestId} (the caller's {@code X-Request-Id} if it is a plain token,
 * else a new one; echoed on the answer), {@code principal} (the API key's name, once authenticated)
 * and {@code productId} when the path names one. Quarkus keeps the MDC per request (its Vert.x
 * context), so nothing leaks to the next request; OpenTelemetry, when on, adds traceId and spanId.
 */
public class RequestLogContext {

    public static final String HEADER = "X-Request-Id";
    public static final String REQUEST_ID = "requestId";
    public static final String PRINCIPAL = "principal";
    public static final String PRODUCT_ID = "productId";
    private static final Pattern PLAIN_TOKEN = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    @ServerRequestFilter
    public void enter(ContainerRequestContext request) {
        SecurityContext security = request.getSecurityContext();
        String given = request.getHeaderString(HEADER);
        String requestId = given != null && PLAIN_TOKEN.matcher(given).matches() ? given : newId();
        request.setProperty(REQUEST_ID, requestId);
        MDC.put(REQUEST_ID, requestId);
        Principal principal = security == null ? null : security.getUserPrincipal();
        if (principal != null && !principal.getName().isEmpty()) {
            MDC.put(PRINCIPAL, principal.getName());
        }
        String productId = request.getUriInfo().getPathParameters().getFirst(PRODUCT_ID);
        if (productId != null) {
            MDC.put(PRODUCT_ID, productId);
        }
    }

    @ServerResponseFilter
    public void leave(ContainerRequestContext request, ContainerResponseContext response) {
        if (request.getProperty(REQUEST_ID) instanceof String requestId) {
            response.getHeaders().putSingle(HEADER, requestId);
        }
    }

    /** 16 hex digits: unique enough to find one request's lines, and cheaper than a random UUID. */
    static String newId() {
        return Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE);
    }
}
