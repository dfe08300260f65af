package io.stockflow.catalog.rest;

import io.cloudevents.http.HttpMessageFactory;
import io.stockflow.catalog.service.StockEventHandler;
import io.stockflow.catalog.service.StockEventHandler.DecodedEvent;
import io.stockflow.events.StockEvents.MalformedEventException;
import io.stockflow.support.auth.Roles;
import io.stockflow.support.problem.ProblemException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Stock CloudEvents pushed over HTTP (binary or structured mode), as a Dapr or Knative subscription
 * delivers them; validated and applied by the same handler as events from Kafka. Any event that is
 * malformed or not the warehouse's is a 400, which tells the sender not to retry (a 5xx would be
 * redelivered forever).
 */
@RolesAllowed(Roles.INGEST)
@Path("/events/stock-updated")
public class StockEventResource {

    private static final Logger LOG = Logger.getLogger(StockEventResource.class);

    public record Accepted(String eventId, long levelsChanged) {
    }

    private final StockEventHandler handler;

    StockEventResource(StockEventHandler handler) {
        this.handler = handler;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Accepted receive(@Context HttpHeaders headers, byte[] body) {
        DecodedEvent decoded;
        try {
            decoded = handler.decode(() -> HttpMessageFactory.createReader(
                    sink -> headers.getRequestHeaders().forEach((name, values) -> values.forEach(v -> sink.accept(name, v))),
                    body).toEvent());
        } catch (MalformedEventException e) {
            LOG.warnf("refused a pushed stock event: %s", e.getMessage());
            throw ProblemException.invalid("event", "is not a valid stock CloudEvent: " + e.getMessage());
        }
        return new Accepted(decoded.eventId(), handler.apply(List.of(decoded)));
    }
}
