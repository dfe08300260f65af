package io.stockflow.warehouse.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cloudevents.CloudEvent;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.stockflow.events.StockEvents;
import io.stockflow.support.tracing.TraceContext;
import io.stockflow.warehouse.messaging.KafkaEventPublisherTest.KafkaSettings;
import io.stockflow.warehouse.outbox.EventTransport;
import io.stockflow.warehouse.outbox.OutboxRow;
import io.stockflow.warehouse.support.OutboxFixtures;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The relay continues the trace an outbox row keeps: a publish span, child of the command's span, whose
 * context the Kafka record carries as the CloudEvents traceparent; a row without one is sent as before.
 */
class PublishTracingTest {

    private final InMemorySpanExporter exported = InMemorySpanExporter.create();
    private final SdkTracerProvider tracers =
            SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exported)).build();
    private final PublishTracing tracing = new PublishTracing(tracers.get("test"), StockEvents.TOPIC);

    @AfterEach
    void close() {
        tracers.close();
    }

    @Test
    void shouldSendATracedRowInAPublishSpanWhoseContextTheRecordCarries() throws Exception {
        Span command = tracers.get("test").spanBuilder("command transaction").startSpan();
        command.end();
        OutboxRow row = row(TraceContext.of(command.getSpanContext()));
        MockProducer<String, CloudEvent> producer = producer(true);

        try (KafkaEventPublisher publisher = new KafkaEventPublisher(KafkaSettings.defaults(), producer, tracing)) {
            assertThat(publisher.publish(List.of(row)).acknowledged()).containsExactly(row);
        }

        SpanData publish = publishSpan();
        assertThat(publish.getName()).isEqualTo("publish warehouse.stock");
        assertThat(publish.getKind()).isEqualTo(SpanKind.PRODUCER);
        assertThat(publish.getTraceId()).isEqualTo(command.getSpanContext().getTraceId());
        assertThat(publish.getParentSpanId()).isEqualTo(command.getSpanContext().getSpanId());
        assertThat(publish.getAttributes().asMap().toString()).contains("messaging.message.id=" + row.eventId());
        CloudEvent sent = producer.history().get(0).value();
        assertThat(sent.getExtension("traceparent"))
                .isEqualTo("00-" + publish.getTraceId() + "-" + publish.getSpanId() + "-01");
        assertThat(sent.getId()).isEqualTo(row.eventId().toString());
    }

    @Test
    void shouldSendARowWrittenWithoutTracingWithoutSpanOrTraceparent() throws Exception {
        OutboxRow row = row(TraceContext.NONE);
        MockProducer<String, CloudEvent> producer = producer(true);

        try (KafkaEventPublisher publisher = new KafkaEventPublisher(KafkaSettings.defaults(), producer, tracing)) {
            assertThat(publisher.publish(List.of(row)).acknowledged()).containsExactly(row);
        }

        assertThat(exported.getFinishedSpanItems()).isEmpty();
        CloudEvent sent = producer.history().get(0).value();
        assertThat(sent.getExtensionNames()).doesNotContain("traceparent", "tracestate");
    }

    @Test
    void shouldEndThePublishSpanAsAnErrorWhenTheBrokerDoesNotAcknowledge() throws Exception {
        Span command = tracers.get("test").spanBuilder("command transaction").startSpan();
        command.end();
        OutboxRow row = row(TraceContext.of(command.getSpanContext()));
        MockProducer<String, CloudEvent> producer = producer(false);

        try (KafkaEventPublisher publisher = new KafkaEventPublisher(KafkaSettings.defaults(), producer, tracing)) {
            CompletableFuture<EventTransport.Outcome> pass = CompletableFuture.supplyAsync(() -> {
                try {
                    return publisher.publish(List.of(row));
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            await().atMost(Duration.ofSeconds(10)).until(() -> producer.history().size() == 1);
            producer.errorNext(new TimeoutException("not acknowledged in time"));
            assertThat(pass.get(10, TimeUnit.SECONDS).failed()).isEqualTo(1);
        }

        SpanData publish = publishSpan();
        assertThat(publish.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(publish.getEvents()).anySatisfy(e -> assertThat(e.getName()).isEqualTo("exception"));
    }

    private SpanData publishSpan() {
        List<SpanData> spans = exported.getFinishedSpanItems().stream()
                .filter(s -> s.getKind() == SpanKind.PRODUCER).toList();
        assertThat(spans).hasSize(1);
        return spans.get(0);
    }

    private static MockProducer<String, CloudEvent> producer(boolean acknowledgeAtOnce) {
        return new MockProducer<>(acknowledgeAtOnce, null, new StringSerializer(), (topic, event) -> new byte[0]);
    }

    private static OutboxRow row(TraceContext trace) {
        String productId = OutboxFixtures.newProductId();
        return new OutboxRow(1, UUID.randomUUID(), "warehouse.stock.adjusted", productId, 1, Instant.now(),
                "{}", Instant.now(), 1, trace);
    }
}
