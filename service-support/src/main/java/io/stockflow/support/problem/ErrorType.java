package io.stockflow.support.problem;

import java.util.Arrays;

/**
 * Every {@code errorType} either service answers with, its status and its title: the one registry of
 * CONTRACT.md's error table (and the few types it leaves open). A problem's {@code type} URI is
 * {@value #TYPE_PREFIX} followed by the errorType, e.g. {@code urn:stockflow:problem:validation_error}.
 */
public enum ErrorType {
    VALIDATION_ERROR(400, "validation_error", "Request is not valid"),
    UNAUTHORIZED(401, "unauthorized", "Unauthorized"),
    FORBIDDEN(403, "forbidden", "Forbidden"),
    NOT_FOUND(404, "not_found", "Not found"),
    METHOD_NOT_ALLOWED(405, "method_not_allowed", "Method not allowed"),
    NOT_ACCEPTABLE(406, "not_acceptable", "Not acceptable"),
    VERSION_CONFLICT(409, "version_conflict", "Version conflict"),
    INSUFFICIENT_STOCK(409, "insufficient_stock", "Insufficient stock"),
    IDEMPOTENCY_IN_PROGRESS(409, "idempotency_in_progress", "Request in progress"),
    ALREADY_EXISTS(409, "already_exists", "Already exists"),
    RESERVATION_NOT_ACTIVE(409, "reservation_not_active", "Reservation not active"),
    INCOMING_NOT_OPEN(409, "incoming_not_open", "Incoming line not open"),
    PAYLOAD_TOO_LARGE(413, "payload_too_large", "Payload too large"),
    URI_TOO_LONG(414, "uri_too_long", "URI too long"),
    UNSUPPORTED_MEDIA_TYPE(415, "unsupported_media_type", "Unsupported media type"),
    IDEMPOTENCY_KEY_REUSE(422, "idempotency_key_reuse", "Idempotency key reused"),
    RATE_LIMITED(429, "rate_limited", "Too many requests"),
    HEADERS_TOO_LARGE(431, "headers_too_large", "Request headers too large"),
    INTERNAL_ERROR(500, "internal_error", "Internal error"),
    SERVICE_UNAVAILABLE(503, "service_unavailable", "Service unavailable");

    public static final String TYPE_PREFIX = "urn:stockflow:problem:";

    private final int status;
    private final String id;
    private final String title;

    ErrorType(int status, String id, String title) {
        this.status = status;
        this.id = id;
        this.title = title;
    }

    public int status() {
        return status;
    }

    /** The wire name, as in the problem's {@code errorType}. */
    public String id() {
        return id;
    }

    public String title() {
        return title;
    }

    public String typeUri() {
        return TYPE_PREFIX + id;
    }

    /**
     * The type for a bare status (a refusal of the HTTP layer or a WebApplicationException): the
     * first type registered with that status; any other 4xx a validation error, any other 5xx internal.
     */
    public static ErrorType forStatus(int status) {
        return Arrays.stream(values()).filter(t -> t.status == status).findFirst()
                .orElse(status >= 500 ? INTERNAL_ERROR : VALIDATION_ERROR);
    }
}
