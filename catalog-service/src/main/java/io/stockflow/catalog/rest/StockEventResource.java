package io.stockflow.catalog.rest;

import io.cloudevents.CloudEvent;
import io.cloudevents.http.HttpMessageFactory;
import io.cloudevents.rw.CloudEventRWException;
import io.stockflow.catalog.service.StockEventHandler.DecodedEvent;
import io.stockflow.catalog.service.StockEventHandler;
import io.stockflow.events.StockEvents.MalformedEventException;
import io.stockflow.support.problem.ProblemException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/**
 * Stock CloudEvents pushed over HTTP (binary or structured mode), as a Dapr or Knative subscription
 * delivers them; applied by the same handler as events from Kafka. A 400 tells the sender not to retry.
 */
@Path("/events/stock-updated")
public class StockEventResource {

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
            CloudEvent event = HttpMessageFactory.createReader(
                    sink -> headers.getRequestHeaders().forEach((name, values) -> values.forEach(v -> sink.accept(name, v))),
                    body).toEvent();
            decoded = handler.decode(event);
        } catch (CloudEventRWException | MalformedEventException | IllegalArgumentException e) {
            throw ProblemException.invalid("event", "is not a stock CloudEvent: " + e.getMessage());
        }
        return new Accepted(decoded.eventId(), handler.apply(List.of(decoded)));
    }
}
