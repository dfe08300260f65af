package io.stockflow.catalog.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.quarkus.test.junit.QuarkusTest;
import io.stockflow.catalog.domain.Product;
import io.stockflow.catalog.rest.ProductJson.StockJson;
import io.stockflow.catalog.rest.ProductJsonWriter.Reply;
import io.stockflow.catalog.service.ProductQueryService.ProductView;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The streaming writer answers byte for byte what Jackson databind, with the application's mapper,
 * made of the {@link ProductJson} records before it: clients parse these responses. The reference is
 * databind writing bytes, as Quarkus REST did to the response stream (a String would differ: the UTF-8
 * generator escapes characters outside the BMP). The stock is a text the writer copies without knowing
 * its shape, so the reference holds it as a tree; that the text is {@link ProductJson.StockJson} is
 * ApplyScriptTest's to pin.
 */
@QuarkusTest
class ProductJsonWriterTest {

    @Inject
    ObjectMapper mapper;

    /** A product and the stock text its read answers (null: unknown). */
    private record Fixture(Product product, String stock) {
    }

    /** {@link ProductJson} with the stock as a tree of its text (shouldMirrorTheContractShapes pins the rest). */
    record Reference(String productId, String name, String description, BigDecimal price, String currency,
            String category, JsonNode stock) {
    }

    private static final Fixture FULL = new Fixture(
            new Product("SKU-000042", "Foldable Desk Lamp", "Demo product 42 from the electronics range",
                    new BigDecimal("360.97"), "USD", "Electronics", Instant.parse("2026-01-02T03:04:05.678901Z")),
            "{\"onHand\":31,\"reserved\":4,\"available\":27,\"status\":\"low_stock\",\"warehouses\":{"
                    + "\"WH-01\":{\"onHand\":10,\"reserved\":3,\"available\":7},"
                    + "\"WH-02\":{\"onHand\":4,\"reserved\":1,\"available\":3},"
                    + "\"WH-10\":{\"onHand\":17,\"reserved\":0,\"available\":17}},"
                    + "\"updatedAt\":\"2025-06-01T12:19:08.123Z\"}");

    private static final Fixture STOCK_UNKNOWN = new Fixture(
            new Product("SKU-1", "Trail Backpack", "A backpack", new BigDecimal("49.90"), "EUR", "bags", null), null);

    private static final Fixture NULL_DETAILS = new Fixture(
            new Product("SKU-2", "Nameless", null, new BigDecimal("0.00"), "USD", null, null),
            "{\"onHand\":0,\"reserved\":0,\"available\":0,\"status\":\"out_of_stock\",\"warehouses\":{}}");

    private static final Fixture NO_WAREHOUSES_WHOLE_SECOND = new Fixture(
            new Product("SKU-3", "Big", "", new BigDecimal("123456789012.34"), "CHF", "", null),
            "{\"onHand\":0,\"reserved\":0,\"available\":0,\"status\":\"out_of_stock\",\"warehouses\":{},"
                    + "\"updatedAt\":\"2025-01-01T00:00:01Z\"}");

    // warehouse ids JSON would escape are refused where stock enters (ApplyScriptTest): only product text is awkward
    private static final Fixture AWKWARD_TEXT = new Fixture(
            new Product("SKU-4:x.y_z", "Quote \" backslash \\ slash / tab \t newline \n bell \u0007",
                    "Unicode: caf\u00e9, \u4e2d\u6587, emoji \ud83d\ude00, </script>, \u2028", new BigDecimal("1E+3"),
                    null, "Kitchen & Dining", null),
            "{\"onHand\":" + (Long.MAX_VALUE - 5) + ",\"reserved\":7,\"available\":" + (Long.MAX_VALUE - 12)
                    + ",\"status\":\"in_stock\",\"warehouses\":{\"WH:north_1.a\":{\"onHand\":" + (Long.MAX_VALUE - 5)
                    + ",\"reserved\":7,\"available\":" + (Long.MAX_VALUE - 12) + "},"
                    + "\"wh-3\":{\"onHand\":0,\"reserved\":0,\"available\":0}},\"updatedAt\":\"2025-03-04T05:06:07.100Z\"}");

    private static final Fixture NULL_PRICE_NEGATIVE = new Fixture(
            new Product("SKU-5", "Odd", "odd", null, "USD", "x", null),
            "{\"onHand\":2,\"reserved\":5,\"available\":-3,\"status\":\"out_of_stock\",\"warehouses\":{"
                    + "\"WH-1\":{\"onHand\":2,\"reserved\":5,\"available\":-3}},\"updatedAt\":\"1970-01-01T00:00:00Z\"}");

    private static final List<Fixture> ALL = List.of(FULL, STOCK_UNKNOWN, NULL_DETAILS, NO_WAREHOUSES_WHOLE_SECOND,
            AWKWARD_TEXT, NULL_PRICE_NEGATIVE);

    /** What databind wrote of a product read before the writer. */
    private Reference databindShape(Fixture fixture) throws IOException {
        Product p = fixture.product();
        return new Reference(p.productId(), p.name(), p.description(), p.price(), p.currency(), p.category(),
                fixture.stock() == null ? null : mapper.readTree(fixture.stock()));
    }

    /** {@link ProductResource.BatchResponse} with {@link Reference}s. */
    private static Map<String, Object> batchResponse(Map<String, Reference> products, List<String> missing) {
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("products", products);
        response.put("missing", missing);
        return response;
    }

    /** {@link ProductResource.PageResponse} with {@link Reference}s. */
    private static Map<String, Object> pageResponse(List<Reference> items, String nextCursor) {
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("items", items);
        response.put("nextCursor", nextCursor);
        return response;
    }

    /** The view a read hands the writer: the stock as the plain ASCII text Redis keeps. */
    private static ProductView view(Fixture fixture) {
        return new ProductView(fixture.product(),
                fixture.stock() == null ? null : fixture.stock().getBytes(StandardCharsets.US_ASCII));
    }

    private String written(Reply reply) throws IOException {
        return written(mapper, reply);
    }

    private static String written(ObjectMapper mapper, Reply reply) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new ProductJsonWriter(mapper).write(reply, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    private String databind(Object value) throws IOException {
        return databind(mapper, value);
    }

    private static String databind(ObjectMapper mapper, Object value) throws IOException {
        return new String(mapper.writeValueAsBytes(value), StandardCharsets.UTF_8);
    }

    private static List<String> components(Class<? extends Record> type) {
        return Arrays.stream(type.getRecordComponents()).map(RecordComponent::getName).toList();
    }

    @Test
    void shouldMirrorTheContractShapes() {
        assertThat(components(Reference.class)).isEqualTo(components(ProductJson.class));
        assertThat(Arrays.stream(Reference.class.getRecordComponents()).map(RecordComponent::getType).toList())
                .isEqualTo(Arrays.stream(ProductJson.class.getRecordComponents()).map(RecordComponent::getType)
                        .map(t -> t == StockJson.class ? JsonNode.class : t).toList());
        assertThat(components(ProductResource.BatchResponse.class)).containsExactly("products", "missing");
        assertThat(components(ProductResource.PageResponse.class)).containsExactly("items", "nextCursor");
    }

    @Test
    void shouldWriteEachProductAsDatabindDid() throws IOException {
        for (Fixture fixture : ALL) {
            assertThat(written(new ProductJsonWriter.One(view(fixture))))
                    .isEqualTo(databind(databindShape(fixture)));
        }
    }

    @Test
    void shouldWriteTheStockTextAsDatabindDidWhenTheGeneratorFormats() throws IOException {
        ObjectMapper indenting = mapper.copy().enable(SerializationFeature.INDENT_OUTPUT);
        Map<String, ProductView> views = new LinkedHashMap<>();
        Map<String, Reference> json = new LinkedHashMap<>();
        for (Fixture fixture : ALL) {
            ProductView view = view(fixture);
            // a generator that formats: the text is copied token by token, formatted as databind did
            assertThat(written(indenting, new ProductJsonWriter.One(view)))
                    .isEqualTo(databind(indenting, databindShape(fixture)));
            views.put(fixture.product().productId(), view);
            json.put(fixture.product().productId(), databindShape(fixture));
        }

        assertThat(written(indenting, new ProductJsonWriter.Batch(views, List.of("nope"))))
                .isEqualTo(databind(indenting, batchResponse(json, List.of("nope"))));
    }

    @Test
    void shouldWriteABatchAsDatabindDid() throws IOException {
        Map<String, ProductView> views = new LinkedHashMap<>();
        Map<String, Reference> json = new LinkedHashMap<>();
        for (Fixture fixture : ALL) {
            views.put(fixture.product().productId(), view(fixture));
            json.put(fixture.product().productId(), databindShape(fixture));
        }
        List<String> missing = List.of("nope", "SKU-\"gone\"");

        assertThat(written(new ProductJsonWriter.Batch(views, missing)))
                .isEqualTo(databind(batchResponse(json, missing)));
        assertThat(written(new ProductJsonWriter.Batch(Map.of(), List.of("a"))))
                .isEqualTo(databind(batchResponse(Map.of(), List.of("a"))));
    }

    @Test
    void shouldWriteAPageAsDatabindDid() throws IOException {
        List<ProductView> views = new ArrayList<>();
        List<Reference> json = new ArrayList<>();
        for (Fixture fixture : ALL) {
            views.add(view(fixture));
            json.add(databindShape(fixture));
        }

        assertThat(written(new ProductJsonWriter.Page(views, "U0tVLTU")))
                .isEqualTo(databind(pageResponse(json, "U0tVLTU")));
        assertThat(written(new ProductJsonWriter.Page(List.of(), null)))
                .isEqualTo(databind(pageResponse(List.of(), null)));
    }

    @Test
    void shouldQuoteRawStockTextAsJacksonQuotesTheSameString() throws IOException {
        String text = "{\"onHand\":3,\"status\":\"in_stock\"}";
        RawJson raw = new RawJson(text.getBytes(StandardCharsets.US_ASCII));
        SerializedString jackson = new SerializedString(text);

        assertThat(raw.asUnquotedUTF8()).isEqualTo(text.getBytes(StandardCharsets.US_ASCII));
        assertThat(raw.asQuotedUTF8()).isEqualTo(jackson.asQuotedUTF8());
        assertThat(raw.asQuotedChars()).isEqualTo(jackson.asQuotedChars());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        raw.writeQuotedUTF8(out);
        assertThat(out.toByteArray()).isEqualTo(jackson.asQuotedUTF8());
    }
}
