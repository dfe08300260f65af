package io.stockflow.catalog.service;

import static io.stockflow.catalog.support.Levels.level;
import static io.stockflow.catalog.support.Levels.newProductId;
import static org.assertj.core.api.Assertions.assertThat;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.quarkus.test.junit.QuarkusTest;
import io.stockflow.catalog.stock.StockStore;
import io.stockflow.catalog.support.Events;
import jakarta.inject.Inject;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The catalog continues the trace an event carries (the CloudEvents distributed-tracing extension):
 * each event of a batch is applied, on real Redis, in a span whose parent is its own traceparent.
 */
@QuarkusTest
class ApplyTracingTest {

    private static final String TRACE_A = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String TRACE_B = "0af7651916cd43dd8448eb211c80319c";
    private static final String PUBLISH_A = "00f067aa0ba902b7";
    private static final String PUBLISH_B = "b7ad6b7169203331";

    @Inject
    StockStore store;

    private final InMemorySpanExporter exported = InMemorySpanExporter.create();
    private final SdkTracerProvider tracers =
            SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exported)).build();

    @AfterEach
    void close() {
        tracers.close();
    }

    private StockEventHandler handler() {
        return new StockEventHandler(store, new SimpleMeterRegistry(), tracers.get("test"));
    }

    private static CloudEvent traced(CloudEvent event, String trace, String parent) {
        return CloudEventBuilder.v1(event).withExtension("traceparent", "00-" + trace + "-" + parent + "-01")
                .withExtension("tracestate", "vendor=value").build();
    }

    @Test
    void shouldApplyEachEventOfABatchInASpanOfItsOwnTrace() {
        StockEventHandler handler = handler();
        String first = newProductId();
        String second = newProductId();
        UUID duplicate = UUID.randomUUID();
        handler.apply(List.of(handler.decode(Events.adjusted(duplicate, level(second, "WH-1", 3, 0, 1)))));

        handler.apply(List.of(
                handler.decode(traced(Events.adjusted(level(first, "WH-1", 10, 0, 1)), TRACE_A, PUBLISH_A)),
                handler.decode(traced(Events.adjusted(duplicate, level(second, "WH-1", 3, 0, 1)), TRACE_B, PUBLISH_B)),
                handler.decode(Events.adjusted(level(first, "WH-2", 4, 0, 1)))));

        List<SpanData> spans = exported.getFinishedSpanItems();
        assertThat(spans).hasSize(2).allSatisfy(span -> {
            assertThat(span.getName()).isEqualTo(ApplySpans.NAME);
            assertThat(span.getKind()).isEqualTo(SpanKind.CONSUMER);
            assertThat(span.getAttributes().get(AttributeKey.longKey("messaging.batch.message_count"))).isEqualTo(3);
            assertThat(span.getSpanContext().getTraceState().get("vendor")).isEqualTo("value");
        });
        SpanData a = spans.stream().filter(s -> s.getTraceId().equals(TRACE_A)).findFirst().orElseThrow();
        assertThat(a.getParentSpanId()).isEqualTo(PUBLISH_A);
        assertThat(a.getAttributes().get(AttributeKey.stringKey("stockflow.product_id"))).isEqualTo(first);
        assertThat(a.getAttributes().get(AttributeKey.stringKey("stockflow.outcome"))).isEqualTo("applied");
        SpanData b = spans.stream().filter(s -> s.getTraceId().equals(TRACE_B)).findFirst().orElseThrow();
        assertThat(b.getParentSpanId()).isEqualTo(PUBLISH_B);
        assertThat(b.getAttributes().get(AttributeKey.stringKey("stockflow.outcome"))).isEqualTo("duplicate");
        assertThat(b.getAttributes().get(AttributeKey.stringKey("messaging.message.id"))).isEqualTo(duplicate.toString());
    }

    @Test
    void shouldMakeNoSpanForEventsThatCarryNoTrace() {
        StockEventHandler handler = handler();
        String product = newProductId();

        long changed = handler.apply(List.of(handler.decode(Events.adjusted(level(product, "WH-1", 10, 0, 1)))));

        assertThat(changed).isEqualTo(1);
        assertThat(exported.getFinishedSpanItems()).isEmpty();
    }

    @Test
    void shouldIgnoreAMalformedTraceparentAndStillApplyTheEvent() {
        StockEventHandler handler = handler();
        String product = newProductId();
        CloudEvent broken = CloudEventBuilder.v1(Events.adjusted(level(product, "WH-1", 10, 0, 1)))
                .withExtension("traceparent", "not-a-traceparent").build();

        long changed = handler.apply(List.of(handler.decode(broken)));

        assertThat(changed).isEqualTo(1);
        assertThat(exported.getFinishedSpanItems()).singleElement()
                .satisfies(span -> assertThat(span.getParentSpanContext().isValid()).as("a root span").isFalse());
    }
}
