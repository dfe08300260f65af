package io.stockflow.warehouse.rest;

import io.cloudevents.CloudEvent;
import io.smallrye.mutiny.Uni;
import io.stockflow.support.auth.Roles;
import io.stockflow.support.problem.Problem.FieldError;
import io.stockflow.support.problem.Problem;
import io.stockflow.support.problem.ProblemException;
import io.stockflow.warehouse.outbox.EventFeedService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/** {@code GET /v1/inventory/events}: the stock events as a long-polled feed, for consumers without Kafka. */
@RolesAllowed(Roles.READ)
@Path("/v1/inventory/events")
public class EventsFeedResource {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;
    static final int MAX_WAIT_SECONDS = 60;

    /** The response body; {@code events} in CloudEvents structured JSON form. */
    public record EventsResponse(List<CloudEvent> events, long nextOffset, boolean hasMore, int count) {
    }

    private final EventFeedService feed;

    public EventsFeedResource(EventFeedService feed) {
        this.feed = feed;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Events after a feed offset, waiting up to `wait` seconds for the next one",
            description = "offset is the feed position (pass the previous nextOffset; 0 from the start);"
                    + " each event carries its ledger sequence in the `sequence` extension.")
    public Uni<EventsResponse> events(
            @Parameter(description = "feed position to read after (default 0)") @QueryParam("offset") String offset,
            @Parameter(description = "events per page, 1 to 1000 (default 100)") @QueryParam("limit") String limit,
            @Parameter(description = "seconds to wait for an event when none is there, 0 to 60 (default 0)")
            @QueryParam("wait") String wait) {
        List<FieldError> errors = new ArrayList<>();
        long from = parse("offset", offset, 0, 0, Long.MAX_VALUE, errors);
        long size = parse("limit", limit, DEFAULT_LIMIT, 1, MAX_LIMIT, errors);
        long waitSeconds = parse("wait", wait, 0, 0, MAX_WAIT_SECONDS, errors);
        if (!errors.isEmpty()) {
            throw invalid(errors);
        }
        return feed.read(from, (int) size, Duration.ofSeconds(waitSeconds))
                .map(page -> new EventsResponse(page.events(), page.nextOffset(), page.hasMore(), page.events().size()));
    }

    private static long parse(String field, String value, long absent, long min, long max, List<FieldError> errors) {
        if (value == null || value.isBlank()) {
            return absent;
        }
        try {
            long parsed = Long.parseLong(value.trim());
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        errors.add(new FieldError(field, max == Long.MAX_VALUE
                ? "must be an integer >= " + min
                : "must be an integer between " + min + " and " + max));
        return absent;
    }

    private static ProblemException invalid(List<FieldError> errors) {
        return new ProblemException(Problem.validation("invalid query parameters", errors));
    }
}
