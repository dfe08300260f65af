package io.stockflow.support.tracing;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.util.List;

/**
 * A span context in its W3C Trace Context form ({@code traceparent}, {@code tracestate}), as it
 * travels where no OpenTelemetry propagator reaches: on an outbox row, and as the CloudEvents
 * distributed-tracing extension of an event. With tracing off (OpenTelemetry's SDK disabled) no span
 * is ever valid, so {@link #current()} answers {@link #NONE} without allocating anything.
 */
public record TraceContext(String traceparent, String tracestate) {

    public static final String TRACEPARENT = "traceparent";
    public static final String TRACESTATE = "tracestate";
    public static final TraceContext NONE = new TraceContext(null, null);

    private static final W3CTraceContextPropagator W3C = W3CTraceContextPropagator.getInstance();

    /** Which, when {@code traceparent} is null, carries no trace: {@link #NONE}'s shape, whatever the state. */
    public TraceContext {
        if (traceparent == null || traceparent.isEmpty()) {
            traceparent = null;
            tracestate = null;
        } else if (tracestate != null && tracestate.isEmpty()) {
            tracestate = null;
        }
    }

    /** The context of the current span, or {@link #NONE} when nothing is being traced. */
    public static TraceContext current() {
        SpanContext span = Span.current().getSpanContext();
        return span.isValid() ? of(span) : NONE;
    }

    /** The context of {@code span}, or {@link #NONE} if it is not valid. */
    public static TraceContext of(SpanContext span) {
        if (!span.isValid()) {
            return NONE;
        }
        String[] fields = new String[2];
        W3C.inject(Context.root().with(Span.wrap(span)), fields,
                (carrier, key, value) -> carrier[TRACEPARENT.equals(key) ? 0 : 1] = value);
        return new TraceContext(fields[0], fields[1]);
    }

    /** The context received from {@code traceparent} and {@code tracestate}, or {@link #NONE} if there is none. */
    public static TraceContext of(Object traceparent, Object tracestate) {
        return traceparent == null ? NONE
                : new TraceContext(traceparent.toString(), tracestate == null ? null : tracestate.toString());
    }

    public boolean present() {
        return traceparent != null;
    }

    /**
     * The received context as the parent for a span continuing its trace; the root context when
     * there is none or the {@code traceparent} is malformed (W3C: a broken one is ignored).
     */
    public Context parent() {
        return present() ? W3C.extract(Context.root(), this, GETTER) : Context.root();
    }

    private static final TextMapGetter<TraceContext> GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(TraceContext carrier) {
            return List.of(TRACEPARENT, TRACESTATE);
        }

        @Override
        public String get(TraceContext carrier, String key) {
            if (carrier == null) {
                return null;
            }
            return TRACEPARENT.equals(key) ? carrier.traceparent() : TRACESTATE.equals(key) ? carrier.tracestate() : null;
        }
    };
}
