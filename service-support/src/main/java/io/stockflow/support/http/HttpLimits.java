package io.stockflow.support.http;

import io.quarkus.runtime.configuration.MemorySize;
import io.stockflow.support.problem.ErrorType;
import io.stockflow.support.problem.Problem;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Refusals of the HTTP layer as problem+json, before any resource runs: a body over MAX_BODY_SIZE
 * (413), a request target over MAX_URI_LENGTH (414), headers over MAX_HEADER_SIZE (431), a request
 * target with a control character or a broken percent-encoding (400). Quarkus's own body-size check
 * answers with an empty 413, so this one runs first; a status any other route fails with (e.g. the
 * body handler's 413) is rendered as problem+json by the failure handler.
 * <p>
 * What the HTTP/1.1 codec cannot parse at all (a control byte or a line break inside a header, a
 * header line without a colon, a request line or header block over the codec's hard limits) is
 * answered by Vert.x before any route: status only, connection closed. Quarkus exposes no hook there.
 */
@ApplicationScoped
public class HttpLimits {

    /** Before Quarkus's upload limit (RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT = -2) and its body handler. */
    static final int ORDER = Integer.MIN_VALUE + 2;

    private final HttpLimitsConfig limits;
    private final long maxBodySize;

    HttpLimits(HttpLimitsConfig limits,
            @ConfigProperty(name = "quarkus.http.limits.max-body-size") Optional<MemorySize> maxBodySize) {
        this.limits = limits;
        this.maxBodySize = maxBodySize.map(MemorySize::asLongValue).orElse(Long.MAX_VALUE);
    }

    void install(@Observes Router router) {
        router.route().order(ORDER).handler(this::check);
        // a body without Content-Length (chunked) is read here, so its excess fails with 413 into the
        // failure handler below instead of Quarkus REST's reader ending the response with an empty 413
        BodyHandler chunkedBodies = BodyHandler.create(false).setBodyLimit(maxBodySize);
        router.route().order(ORDER + 1).handler(context -> {
            if (context.request().getHeader("Content-Length") == null
                    && context.request().getHeader("Transfer-Encoding") != null) {
                chunkedBodies.handle(context);
            } else {
                context.next();
            }
        });
        router.route().order(Integer.MIN_VALUE).failureHandler(HttpLimits::renderFailure);
        // a request target the router cannot even decode (a broken percent-encoding) fails before any route
        router.errorHandler(400, context -> {
            if (!context.response().headWritten() && !context.response().closed()) {
                refuse(context, Problem.validation("uri", "is not a request target the service can decode"), false);
            }
        });
    }

    private void check(RoutingContext context) {
        HttpServerRequest request = context.request();
        String uri = request.uri();
        if (uri.length() > limits.maxUriLength()) {
            refuse(context, Problem.of(ErrorType.URI_TOO_LONG, "the request target has " + uri.length()
                    + " characters; at most " + limits.maxUriLength() + " are accepted"), false);
            return;
        }
        long headerBytes = 0;
        for (Map.Entry<String, String> header : request.headers()) {
            headerBytes += header.getKey().length() + header.getValue().length() + 4L; // ": " and CRLF
        }
        if (headerBytes > limits.maxHeaderSize()) {
            refuse(context, Problem.of(ErrorType.HEADERS_TOO_LARGE, "the request headers have " + headerBytes
                    + " bytes; at most " + limits.maxHeaderSize() + " are accepted"), false);
            return;
        }
        String uriFault = uriFault(uri);
        if (uriFault != null) {
            refuse(context, Problem.validation("uri", uriFault), false);
            return;
        }
        String length = request.getHeader("Content-Length");
        if (length != null && declaredLength(length) > maxBodySize) {
            // the body is not read: the connection closes after the answer, as Quarkus's own check does
            refuse(context, Problem.of(ErrorType.PAYLOAD_TOO_LARGE, "the request body has " + length.trim()
                    + " bytes; at most " + maxBodySize + " are accepted"), true);
            return;
        }
        context.next();
    }

    /** Why the request target is refused, or null: a control character (even percent-encoded) or a stray '%'. */
    static String uriFault(String uri) {
        for (int i = 0; i < uri.length(); i++) {
            char c = uri.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return "must not contain control characters";
            }
            if (c == '%') {
                int high = i + 2 < uri.length() ? Character.digit(uri.charAt(i + 1), 16) : -1;
                int low = high >= 0 ? Character.digit(uri.charAt(i + 2), 16) : -1;
                if (low < 0) {
                    return "has a '%' not followed by two hexadecimal digits";
                }
                int decoded = high * 16 + low;
                if (decoded < 0x20 || decoded == 0x7f) {
                    return "must not contain control characters (%00-%1F, %7F)";
                }
                i += 2;
            }
        }
        return null;
    }

    /** The Content-Length the codec accepted (a non-negative number); huge values compare as huge. */
    private static long declaredLength(String length) {
        try {
            return Long.parseLong(length.trim());
        } catch (NumberFormatException tooLong) {
            return Long.MAX_VALUE;
        }
    }

    private static void refuse(RoutingContext context, Problem problem, boolean close) {
        HttpServerResponse response = context.response();
        if (close) {
            response.putHeader("Connection", "close");
            response.endHandler(done -> context.request().connection().close());
        }
        problem.end(response);
    }

    /** A route that failed with a client error status but wrote nothing (e.g. the body handler's 413). */
    private static void renderFailure(RoutingContext context) {
        int status = context.statusCode();
        if (status < 400 || status >= 500 || context.response().headWritten() || context.response().closed()) {
            context.next();
            return;
        }
        String detail = switch (status) {
            case 413 -> "the request body is larger than the service accepts";
            case 404 -> "no such resource";
            default -> "the request was refused by the HTTP layer";
        };
        Problem problem = Problem.forStatus(status, detail);
        refuse(context, status == 400 ? problem.withErrors(List.of(new Problem.FieldError("request", detail)))
                : problem, status == 413);
    }
}
