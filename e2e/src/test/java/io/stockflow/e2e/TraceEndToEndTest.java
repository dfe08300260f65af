package io.stockflow.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import io.restassured.http.ContentType;
import io.stockflow.e2e.OtlpReceiver.ReceivedSpan;
import io.stockflow.testsupport.TestKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Tracing on (an OTLP endpoint set), both services as packaged processes exporting to an OTLP/HTTP
 * endpoint this test serves: one adjustment is one trace, from the warehouse's HTTP request through its
 * transaction and the relay's publish to the catalog's apply into Redis, across the Kafka record.
 */
class TraceEndToEndTest {

    static final Duration EXPORTED_WITHIN = Duration.ofSeconds(30);
    /** What an operator sets to follow changes through the logs (README, "Logs"): the lines about each event. */
    static final Map<String, String> DEBUG_ONE_CHANGE = Map.of(
            "QUARKUS_LOG_CATEGORY__IO_STOCKFLOW_WAREHOUSE_OUTBOX__LEVEL", "DEBUG",
            "QUARKUS_LOG_CATEGORY__IO_STOCKFLOW_CATALOG_SERVICE__LEVEL", "DEBUG");
    static final ObjectMapper JSON = new ObjectMapper();
    static OtlpReceiver collector;
    static StockflowSystem system;

    @BeforeAll
    static void startSystemWithTracing() throws Exception {
        collector = new OtlpReceiver();
        Map<String, String> environment = new HashMap<>(collector.environment());
        environment.putAll(DEBUG_ONE_CHANGE);
        system = new StockflowSystem(environment);
        system.start();
        write().body(Map.of("warehouseId", "WH-TRACE", "name", "Traced"))
                .post(system.warehouse.url() + "/v1/warehouses").then().statusCode(201);
    }

    @AfterAll
    static void stopSystem() throws Exception {
        if (system != null) {
            system.close();
        }
        if (collector != null) {
            collector.close();
        }
    }

    @Test
    void shouldFollowOneAdjustmentFromTheRequestToTheCatalogsApplyInOneTrace() {
        String product = "SKU-TRACE-" + UUID.randomUUID().toString().substring(0, 8);
        write().body(Map.of("productId", product, "warehouseId", "WH-TRACE", "delta", 7, "reason", "received"))
                .post(system.warehouse.url() + "/v1/inventory/adjustments").then().statusCode(200);

        ReceivedSpan apply = await().atMost(EXPORTED_WITHIN).until(() -> find(s -> "catalog-service".equals(s.service())
                && "apply stock event".equals(s.name()) && product.equals(s.attribute("stockflow.product_id"))), Optional::isPresent)
                .orElseThrow();
        String trace = apply.traceId();
        ReceivedSpan publish = await().atMost(EXPORTED_WITHIN).until(() -> find(s -> s.traceId().equals(trace)
                && "publish warehouse.stock".equals(s.name())), Optional::isPresent).orElseThrow();
        ReceivedSpan command = await().atMost(EXPORTED_WITHIN).until(() -> find(s -> s.traceId().equals(trace)
                && "command transaction".equals(s.name())), Optional::isPresent).orElseThrow();
        ReceivedSpan request = await().atMost(EXPORTED_WITHIN).until(() -> find(s -> s.traceId().equals(trace)
                && s.kind() == SpanKind.SPAN_KIND_SERVER), Optional::isPresent).orElseThrow();

        assertThat(request.service()).isEqualTo("warehouse-service");
        assertThat(request.attribute("http.route")).isEqualTo("/v1/inventory/adjustments");
        assertThat(request.parentSpanId()).as("the request starts the trace").isEmpty();
        assertThat(command.service()).isEqualTo("warehouse-service");
        assertThat(command.parentSpanId()).isEqualTo(request.spanId());
        assertThat(publish.service()).isEqualTo("warehouse-service");
        assertThat(publish.kind()).isEqualTo(SpanKind.SPAN_KIND_PRODUCER);
        assertThat(publish.attribute("messaging.kafka.message.key")).isEqualTo(product);
        assertThat(publish.parentSpanId()).isEqualTo(command.spanId());
        assertThat(apply.kind()).isEqualTo(SpanKind.SPAN_KIND_CONSUMER);
        assertThat(apply.parentSpanId()).as("the catalog continues the publish span").isEqualTo(publish.spanId());
        assertThat(apply.attribute("stockflow.outcome")).isEqualTo("applied");
        assertThat(apply.attribute("messaging.message.id")).isEqualTo(publish.attribute("messaging.message.id"));
        assertThat(collector.spans().stream()
                .filter(s -> product.equals(s.attribute("stockflow.product_id"))
                        || product.equals(s.attribute("messaging.kafka.message.key")))
                .map(ReceivedSpan::traceId).distinct()).as("every span about the product").containsExactly(trace);
    }

    @Test
    void shouldWriteOneTraceIdIntoTheWarehousesAndTheCatalogsLogLinesAboutOneAdjustment() {
        String product = "SKU-LOGS-" + UUID.randomUUID().toString().substring(0, 8);
        write().body(Map.of("productId", product, "warehouseId", "WH-TRACE", "delta", 3, "reason", "received"))
                .post(system.warehouse.url() + "/v1/inventory/adjustments").then().statusCode(200);

        JsonNode written = await().atMost(EXPORTED_WITHIN).until(() -> logLine(system.warehouse,
                l -> product.equals(l.path("mdc").path("productId").asText())
                        && l.path("message").asText().startsWith("outbox:")), Optional::isPresent).orElseThrow();
        String event = written.path("mdc").path("eventId").asText();
        JsonNode applied = await().atMost(EXPORTED_WITHIN).until(() -> logLine(system.catalog,
                l -> event.equals(l.path("mdc").path("eventId").asText())), Optional::isPresent).orElseThrow();
        ReceivedSpan apply = await().atMost(EXPORTED_WITHIN).until(() -> find(s -> "apply stock event".equals(s.name())
                && event.equals(s.attribute("messaging.message.id"))), Optional::isPresent).orElseThrow();

        String trace = written.path("mdc").path("traceId").asText();
        assertThat(trace).hasSize(32).isEqualTo(applied.path("mdc").path("traceId").asText()).isEqualTo(apply.traceId());
        assertThat(written.path("service").asText()).isEqualTo("warehouse-service");
        assertThat(written.path("mdc").path("principal").asText()).isNotEmpty();
        assertThat(applied.path("service").asText()).isEqualTo("catalog-service");
        assertThat(applied.path("mdc").path("productId").asText()).isEqualTo(product);
        assertThat(applied.path("mdc").path("spanId").asText()).isEqualTo(apply.spanId());
        assertThat(applied.path("message").asText()).contains(": applied");
    }

    @Test
    void shouldWriteTheTraceAndSpanIdsIntoTheJsonLogLinesOfATracedRequest() {
        String trace = randomHex(16);
        String callerSpan = randomHex(8);
        given().header(TestKeys.HEADER, TestKeys.INGEST).header("traceparent", "00-" + trace + "-" + callerSpan + "-01")
                .contentType(ContentType.JSON).body("{\"not\":\"a cloud event\"}")
                .post(system.catalog.url() + "/events/stock-updated").then().statusCode(400);

        JsonNode line = await().atMost(EXPORTED_WITHIN).until(() -> logLine(system.catalog, l -> trace.equals(l.path("mdc").path("traceId").asText())
                && l.path("message").asText().startsWith("refused a pushed stock event")), Optional::isPresent).orElseThrow();

        assertThat(line.path("mdc").path("spanId").asText()).hasSize(16).isNotEqualTo(callerSpan);
        assertThat(line.path("service").asText()).isEqualTo("catalog-service");
        ReceivedSpan server = await().atMost(EXPORTED_WITHIN).until(() -> find(s -> s.traceId().equals(trace)
                && s.kind() == SpanKind.SPAN_KIND_SERVER), Optional::isPresent).orElseThrow();
        assertThat(server.spanId()).as("the line names the request's span").isEqualTo(line.path("mdc").path("spanId").asText());
        assertThat(server.parentSpanId()).isEqualTo(callerSpan);
    }

    private static Optional<ReceivedSpan> find(Predicate<ReceivedSpan> which) {
        return collector.spans().stream().filter(which).findFirst();
    }

    /** The first of a service's JSON log lines that matches. */
    private static Optional<JsonNode> logLine(ServiceProcess service, Predicate<JsonNode> which) throws IOException {
        for (String text : Files.readAllLines(service.log())) {
            if (text.startsWith("{")) {
                JsonNode line = JSON.readTree(text);
                if (which.test(line)) {
                    return Optional.of(line);
                }
            }
        }
        return Optional.empty();
    }

    private static String randomHex(int bytes) {
        byte[] random = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(random);
        random[0] |= 1; // never all zeros, which W3C declares invalid
        return HexFormat.of().formatHex(random);
    }

    private static io.restassured.specification.RequestSpecification write() {
        return given().contentType(ContentType.JSON).header(TestKeys.HEADER, TestKeys.WRITE);
    }
}
