package io.stockflow.catalog.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.quarkus.test.junit.QuarkusTest;
import io.stockflow.catalog.domain.Product;
import io.stockflow.catalog.domain.StockStatus;
import io.stockflow.catalog.rest.ProductJson.StockJson;
import io.stockflow.catalog.rest.ProductJson.WarehouseJson;
import io.stockflow.catalog.rest.ProductJsonWriter.Reply;
import io.stockflow.catalog.service.ProductQueryService.ProductView;
import io.stockflow.catalog.support.Stocks;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The streaming writer answers byte for byte what Jackson databind, with the application's mapper,
 * made of the {@link ProductJson} records before it: clients parse these responses. The reference is
 * databind writing bytes, as Quarkus REST did to the response stream (a String would differ: the UTF-8
 * generator escapes characters outside the BMP).
 */
@QuarkusTest
class ProductJsonWriterTest {

    @Inject
    ObjectMapper mapper;

    /** A product and the stock its read answers (null: unknown), before they become a view. */
    private record Fixture(Product product, StockJson stock) {
    }

    private static Map<String, WarehouseJson> warehouses(Object... idAndLevels) {
        Map<String, WarehouseJson> levels = new LinkedHashMap<>();
        for (int i = 0; i < idAndLevels.length; i += 3) {
            long onHand = (Long) idAndLevels[i + 1];
            long reserved = (Long) idAndLevels[i + 2];
            levels.put((String) idAndLevels[i], new WarehouseJson(onHand, reserved, onHand - reserved));
        }
        return levels;
    }

    private static final Fixture FULL = new Fixture(
            new Product("SKU-000042", "Foldable Desk Lamp", "Demo product 42 from the electronics range",
                    new BigDecimal("360.97"), "USD", "Electronics", Instant.parse("2026-01-02T03:04:05.678901Z")),
            new StockJson(31, 4, 27, StockStatus.LOW_STOCK,
                    warehouses("WH-01", 10L, 3L, "WH-02", 4L, 1L, "WH-10", 17L, 0L),
                    Instant.parse("2025-06-01T12:19:08.123Z")));

    private static final Fixture STOCK_UNKNOWN = new Fixture(
            new Product("SKU-1", "Trail Backpack", "A backpack", new BigDecimal("49.90"), "EUR", "bags", null), null);

    private static final Fixture NULL_DETAILS = new Fixture(
            new Product("SKU-2", "Nameless", null, new BigDecimal("0.00"), "USD", null, null),
            new StockJson(0, 0, 0, StockStatus.OUT_OF_STOCK, warehouses(), null));

    private static final Fixture NO_WAREHOUSES_WHOLE_SECOND = new Fixture(
            new Product("SKU-3", "Big", "", new BigDecimal("123456789012.34"), "CHF", "", null),
            new StockJson(0, 0, 0, StockStatus.OUT_OF_STOCK, warehouses(), Instant.parse("2025-01-01T00:00:01Z")));

    // warehouse ids JSON would escape are refused where stock enters (StockChangeTest): only product text is awkward
    private static final Fixture AWKWARD_TEXT = new Fixture(
            new Product("SKU-4:x.y_z", "Quote \" backslash \\ slash / tab \t newline \n bell \u0007",
                    "Unicode: caf\u00e9, \u4e2d\u6587, emoji \ud83d\ude00, </script>, \u2028", new BigDecimal("1E+3"),
                    null, "Kitchen & Dining", null),
            new StockJson(Long.MAX_VALUE - 5, 7, Long.MAX_VALUE - 12, StockStatus.IN_STOCK,
                    warehouses("WH:north_1.a", Long.MAX_VALUE - 5, 7L, "wh-3", 0L, 0L),
                    Instant.parse("2025-03-04T05:06:07.100Z")));

    private static final Fixture NULL_PRICE_NEGATIVE = new Fixture(
            new Product("SKU-5", "Odd", "odd", null, "USD", "x", null),
            new StockJson(2, 5, -3, StockStatus.OUT_OF_STOCK, warehouses("WH-1", 2L, 5L), Instant.ofEpochMilli(0)));

    private static final List<Fixture> ALL = List.of(FULL, STOCK_UNKNOWN, NULL_DETAILS, NO_WAREHOUSES_WHOLE_SECOND,
            AWKWARD_TEXT, NULL_PRICE_NEGATIVE);

    /** The records databind wrote of a product read before the writer. */
    static ProductJson databindShape(Fixture fixture) {
        Product p = fixture.product();
        return new ProductJson(p.productId(), p.name(), p.description(), p.price(), p.currency(), p.category(),
                fixture.stock());
    }

    /** The view a read hands the writer: the stock as the plain ASCII text Redis keeps (the apply script's). */
    private ProductView view(Fixture fixture) throws IOException {
        return new ProductView(fixture.product(), fixture.stock() == null ? null : mapper.writeValueAsBytes(fixture.stock()));
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
        Map<String, ProductJson> json = new LinkedHashMap<>();
        for (Fixture fixture : ALL) {
            ProductView view = view(fixture);
            if (fixture.stock() != null) {
                assertThat(Stocks.parse(view.stock())).as("the text holds the stock").isEqualTo(fixture.stock());
            }
            // a generator that formats: the text is copied token by token, formatted as databind did
            assertThat(written(indenting, new ProductJsonWriter.One(view)))
                    .isEqualTo(databind(indenting, databindShape(fixture)));
            views.put(fixture.product().productId(), view);
            json.put(fixture.product().productId(), databindShape(fixture));
        }

        assertThat(written(indenting, new ProductJsonWriter.Batch(views, List.of("nope"))))
                .isEqualTo(databind(indenting, new ProductResource.BatchResponse(json, List.of("nope"))));
    }

    @Test
    void shouldWriteABatchAsDatabindDid() throws IOException {
        Map<String, ProductView> views = new LinkedHashMap<>();
        Map<String, ProductJson> json = new LinkedHashMap<>();
        for (Fixture fixture : ALL) {
            views.put(fixture.product().productId(), view(fixture));
            json.put(fixture.product().productId(), databindShape(fixture));
        }
        List<String> missing = List.of("nope", "SKU-\"gone\"");

        assertThat(written(new ProductJsonWriter.Batch(views, missing)))
                .isEqualTo(databind(new ProductResource.BatchResponse(json, missing)));
        assertThat(written(new ProductJsonWriter.Batch(Map.of(), List.of("a"))))
                .isEqualTo(databind(new ProductResource.BatchResponse(Map.of(), List.of("a"))));
    }

    @Test
    void shouldWriteAPageAsDatabindDid() throws IOException {
        List<ProductView> views = new ArrayList<>();
        for (Fixture fixture : ALL) {
            views.add(view(fixture));
        }
        List<ProductJson> json = ALL.stream().map(ProductJsonWriterTest::databindShape).toList();

        assertThat(written(new ProductJsonWriter.Page(views, "U0tVLTU")))
                .isEqualTo(databind(new ProductResource.PageResponse(json, "U0tVLTU")));
        assertThat(written(new ProductJsonWriter.Page(List.of(), null)))
                .isEqualTo(databind(new ProductResource.PageResponse(List.of(), null)));
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
