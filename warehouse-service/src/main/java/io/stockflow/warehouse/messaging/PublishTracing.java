package io.stockflow.warehouse.messaging;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.core.extensions.DistributedTracingExtension;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.TracerProvider;
import io.stockflow.support.tracing.TraceContext;
import io.stockflow.warehouse.outbox.OutboxRow;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * The relay's side of a trace: a row written by a traced command gets a producer span, child of that
 * command's span, from its send to the broker's answer; its record carries the span's context as the
 * CloudEvents distributed-tracing extension, which the catalog continues. A row without a trace
 * context (tracing off when it was written) gets neither: nothing is allocated for it.
 */
final class PublishTracing {

    /** For transports built without a tracer: no row gets a span, however it was written. */
    static final PublishTracing OFF = new PublishTracing(TracerProvider.noop().get("off"), "");

    private final Tracer tracer;
    private final String spanName;
    private final String topic;

    PublishTracing(Tracer tracer, String topic) {
        this.tracer = tracer;
        this.topic = topic;
        this.spanName = "publish " + topic;
    }

    /** The row's publish span, started; null if the row carries no trace. */
    Span start(OutboxRow row) {
        if (!row.trace().present() || this == OFF) {
            return null;
        }
        return tracer.spanBuilder(spanName)
                .setParent(row.trace().parent())
                .setSpanKind(SpanKind.PRODUCER)
                .setAttribute("messaging.system", "kafka")
                .setAttribute("messaging.operation.type", "send")
                .setAttribute("messaging.destination.name", topic)
                .setAttribute("messaging.message.id", row.eventId().toString())
                .setAttribute("messaging.kafka.message.key", row.productId())
                .setAttribute("cloudevents.event_type", row.eventType())
                .startSpan();
    }

    /** The row's event, with {@code span}'s context when there is a span. */
    static CloudEvent event(OutboxRow row, Span span) {
        CloudEvent event = row.toCloudEvent();
        if (span == null) {
            return event;
        }
        TraceContext context = TraceContext.of(span.getSpanContext());
        if (!context.present()) {
            return event; // never valid: a row's context was, and a no-op span keeps its parent's
        }
        CloudEventBuilder traced = CloudEventBuilder.v1(event)
                .withExtension(DistributedTracingExtension.TRACEPARENT, context.traceparent());
        if (context.tracestate() != null) {
            traced.withExtension(DistributedTracingExtension.TRACESTATE, context.tracestate());
        }
        return traced.build();
    }

    static void acknowledged(Span span, RecordMetadata metadata) {
        if (span != null) {
            span.setAttribute("messaging.destination.partition.id", Integer.toString(metadata.partition()));
            span.setAttribute("messaging.kafka.offset", metadata.offset());
            span.end();
        }
    }

    static void failed(Span span, Throwable failure) {
        if (span != null) {
            span.recordException(failure);
            span.setStatus(StatusCode.ERROR, "not acknowledged by the broker");
            span.end();
        }
    }
}
