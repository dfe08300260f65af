package io.stockflow.catalog.service;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.extensions.DistributedTracingExtension;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.Tracer;
import io.stockflow.catalog.domain.StockChange;
import io.stockflow.catalog.stock.StockStore;
import io.stockflow.events.StockEvent;
import io.stockflow.events.StockEvents;
import io.stockflow.events.StockEvents.MalformedEventException;
import io.stockflow.support.logging.LogLines;
import io.stockflow.support.logging.RequestLogContext;
import io.stockflow.support.tracing.TraceContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Applies stock events to the read model, whichever transport delivered them (Kafka or HTTP push):
 * decode, then apply a batch through the store's idempotent script in one round trip. At DEBUG each
 * event's outcome is logged with its product, event and trace ids.
 */
@ApplicationScoped
public class StockEventHandler {

    /**
     * An event bound to its data, with the id that de-duplicates redeliveries, the trace context it
     * carried ({@link TraceContext#NONE} when it carried none) and its time in epoch millis (0 when it
     * carried none), as the SDK read it.
     */
    public record DecodedEvent(String eventId, StockEvent event, TraceContext trace, long timeMillis) {
    }

    private static final Logger LOG = Logger.getLogger(StockEventHandler.class);

    private final StockStore store;
    private final ApplySpans spans;
    private final Counter applied;
    private final Counter duplicates;
    private final Counter stale;
    private final Counter rejected;

    StockEventHandler(StockStore store, MeterRegistry registry, Tracer tracer) {
        this.store = store;
        this.spans = new ApplySpans(tracer);
        this.applied = Counter.builder("catalog.events").tag("outcome", "applied")
                .description("Stock events (per product) that changed at least one level").register(registry);
        this.duplicates = Counter.builder("catalog.events").tag("outcome", "duplicate")
                .description("Stock events skipped because their id was processed already").register(registry);
        this.stale = Counter.builder("catalog.events").tag("outcome", "stale")
                .description("Stock events whose levels were all older than the stored ones").register(registry);
        this.rejected = Counter.builder("catalog.events").tag("outcome", "rejected")
                .description("Stock events refused as malformed or forged (pushed: 400; Kafka: dead-lettered)")
                .register(registry);
    }

    /**
     * Reads a CloudEvent off its transport and binds it (see {@link StockEvents#parse(CloudEvent)}):
     * whatever the SDK or the binding refuses, from an unknown encoding to a missing id, broken base64
     * or a level that breaks the warehouse's invariants, is a {@link MalformedEventException}, counted.
     */
    public DecodedEvent decode(Supplier<CloudEvent> reader) {
        try {
            CloudEvent cloudEvent = reader.get();
            return new DecodedEvent(cloudEvent.getId(), StockEvents.parse(cloudEvent), TraceContext.of(
                    cloudEvent.getExtension(DistributedTracingExtension.TRACEPARENT),
                    cloudEvent.getExtension(DistributedTracingExtension.TRACESTATE)),
                    cloudEvent.getTime() == null ? 0 : cloudEvent.getTime().toInstant().toEpochMilli());
        } catch (MalformedEventException e) {
            rejected.increment();
            throw e;
        } catch (RuntimeException e) { // only reading the sender's bytes runs here: any failure is theirs
            rejected.increment();
            throw new MalformedEventException("not a readable CloudEvent: " + (e.getMessage() == null
                    ? e.getClass().getSimpleName() : e.getMessage()));
        }
    }

    public DecodedEvent decode(CloudEvent cloudEvent) {
        return decode(() -> cloudEvent);
    }

    /**
     * Applies the events in one pipelined Redis round trip; returns the levels that changed. An event
     * that carries a trace is applied in a span of that trace ({@link ApplySpans}).
     */
    public long apply(List<DecodedEvent> events) {
        Span[] traced = spans.start(events);
        boolean logged = LOG.isDebugEnabled();
        // with spans or DEBUG lines, where each event's changes start: event i's are [firstChange[i], firstChange[i + 1])
        int[] firstChange = traced == null && !logged ? null : new int[events.size() + 1];
        List<Long> results;
        try {
            List<StockChange> changes = new ArrayList<>(events.size());
            for (int i = 0; i < events.size(); i++) {
                DecodedEvent decoded = events.get(i);
                if (firstChange != null) {
                    firstChange[i] = changes.size();
                }
                changes.addAll(StockChange.of(decoded.eventId(), decoded.event()));
            }
            if (firstChange != null) {
                firstChange[events.size()] = changes.size();
            }
            results = store.applyEvents(changes);
        } catch (RuntimeException e) {
            ApplySpans.failed(traced, e);
            throw e;
        }
        long changedLevels = 0;
        for (long result : results) {
            if (result == StockStore.DUPLICATE) {
                duplicates.increment();
            } else if (result == 0) {
                stale.increment();
            } else {
                applied.increment();
                changedLevels += result;
            }
        }
        if (firstChange != null) {
            for (int i = 0; i < events.size(); i++) {
                end(events.get(i), traced == null ? null : traced[i], results.subList(firstChange[i], firstChange[i + 1]), logged);
            }
        }
        return changedLevels;
    }

    private static void end(DecodedEvent decoded, Span span, List<Long> results, boolean logged) {
        long changed = 0;
        boolean duplicate = !results.isEmpty();
        for (long result : results) {
            changed += Math.max(result, 0);
            duplicate &= result == StockStore.DUPLICATE;
        }
        String outcome = changed > 0 ? "applied" : duplicate ? "duplicate" : "stale";
        if (logged) {
            log(decoded, span, outcome, changed);
        }
        ApplySpans.end(span, outcome, changed);
    }

    /**
     * The event's line, with the trace id of its apply span, or of the context it carried when the
     * catalog itself does not trace: the warehouse's line about the same change has that id too.
     */
    private static void log(DecodedEvent decoded, Span span, String outcome, long changed) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put(RequestLogContext.PRODUCT_ID, decoded.event().productId());
        fields.put(LogLines.EVENT_ID, decoded.eventId());
        SpanContext context = span != null ? span.getSpanContext()
                : Span.fromContext(decoded.trace().parent()).getSpanContext();
        if (context.isValid()) {
            fields.put(LogLines.TRACE_ID, context.getTraceId());
            if (span != null) {
                fields.put(LogLines.SPAN_ID, context.getSpanId());
            }
        }
        LogLines.debug(LOG, fields, "event " + decoded.eventId() + " for " + decoded.event().productId() + ": "
                + outcome + " (" + changed + " level(s) changed)");
    }
}
