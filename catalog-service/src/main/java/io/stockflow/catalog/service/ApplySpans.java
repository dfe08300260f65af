package io.stockflow.catalog.service;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.stockflow.catalog.service.StockEventHandler.DecodedEvent;
import io.stockflow.events.StockEventType;
import java.util.List;

/**
 * The catalog's side of a trace: each applied event that carries a trace context (the CloudEvents
 * distributed-tracing extension the warehouse's relay sets) gets a span whose parent is that
 * context, so its trace runs on from the relay's publish into the Redis apply. A batch holds events
 * of many traces and applies them in one Redis round trip: every event's span covers that round trip
 * and says how large the batch was. Not one batch span linking the events' contexts: it would start
 * a trace of its own per batch, and backends show a trace's own spans, not what links to it, so the
 * request's trace would stop at the publish. An event without a trace gets a span only when the
 * caller is traced (an HTTP push, under its request's span); with tracing off, none gets one.
 */
final class ApplySpans {

    static final String NAME = "apply stock event";

    private final Tracer tracer;

    ApplySpans(Tracer tracer) {
        this.tracer = tracer;
    }

    /** The events' spans, started, by index (null where an event gets none); null when none does. */
    Span[] start(List<DecodedEvent> events) {
        Span[] spans = null;
        boolean callerTraced = Span.current().getSpanContext().isValid();
        for (int i = 0; i < events.size(); i++) {
            DecodedEvent decoded = events.get(i);
            if (!decoded.trace().present() && !callerTraced) {
                continue;
            }
            SpanBuilder span = tracer.spanBuilder(NAME)
                    .setAttribute("messaging.message.id", decoded.eventId())
                    .setAttribute("messaging.batch.message_count", events.size())
                    .setAttribute("cloudevents.event_type", StockEventType.of(decoded.event()).wireName())
                    .setAttribute("stockflow.product_id", decoded.event().productId());
            if (decoded.trace().present()) {
                span.setParent(decoded.trace().parent()).setSpanKind(SpanKind.CONSUMER);
            } else {
                span.setParent(Context.current()).setSpanKind(SpanKind.INTERNAL);
            }
            spans = spans == null ? new Span[events.size()] : spans;
            spans[i] = span.startSpan();
        }
        return spans;
    }

    /** Ends an event's span with its outcome: applied, duplicate or stale. */
    static void end(Span span, String outcome, long levelsChanged) {
        if (span != null) {
            span.setAttribute("stockflow.outcome", outcome);
            span.setAttribute("stockflow.levels_changed", levelsChanged);
            span.end();
        }
    }

    static void failed(Span[] spans, RuntimeException failure) {
        if (spans == null) {
            return;
        }
        for (Span span : spans) {
            if (span != null) {
                span.recordException(failure);
                span.setStatus(StatusCode.ERROR, "not applied; the batch is retried");
                span.end();
            }
        }
    }
}
