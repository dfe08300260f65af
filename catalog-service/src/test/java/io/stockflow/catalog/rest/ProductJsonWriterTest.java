package io.stockflow.catalog.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.quarkus.test.junit.QuarkusTest;
import io.stockflow.catalog.domain.Product;
import io.stockflow.catalog.domain.ProductStock;
import io.stockflow.catalog.domain.StockStatus;
import io.stockflow.catalog.domain.WarehouseLevels;
import io.stockflow.catalog.rest.ProductJson.StockJson;
import io.stockflow.catalog.rest.ProductJson.WarehouseJson;
import io.stockflow.catalog.rest.ProductJsonWriter.Reply;
import io.stockflow.catalog.service.ProductQueryService.ProductView;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
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

    private static WarehouseLevels warehouses(Object... idAndLevels) {
        WarehouseLevels.Builder levels = new WarehouseLevels.Builder(idAndLevels.length / 3);
        for (int i = 0; i < idAndLevels.length; i += 3) {
            levels.add((String) idAndLevels[i], (Long) idAndLevels[i + 1], (Long) idAndLevels[i + 2]);
        }
        return levels.build();
    }

    private static final ProductView FULL = new ProductView(
            new Product("SKU-000042", "Foldable Desk Lamp", "Demo product 42 from the electronics range",
                    new BigDecimal("360.97"), "USD", "Electronics", Instant.parse("2026-01-02T03:04:05.678901Z")),
            new ProductStock(31, 4, 27, StockStatus.LOW_STOCK,
                    warehouses("WH-01", 10L, 3L, "WH-02", 4L, 1L, "WH-10", 17L, 0L),
                    Instant.parse("2025-06-01T12:19:08.123Z")));

    private static final ProductView STOCK_UNKNOWN = new ProductView(
            new Product("SKU-1", "Trail Backpack", "A backpack", new BigDecimal("49.90"), "EUR", "bags", null), null);

    private static final ProductView NULL_DETAILS = new ProductView(
            new Product("SKU-2", "Nameless", null, new BigDecimal("0.00"), "USD", null, null),
            new ProductStock(0, 0, 0, StockStatus.OUT_OF_STOCK, warehouses(), null));

    private static final ProductView NO_WAREHOUSES_WHOLE_SECOND = new ProductView(
            new Product("SKU-3", "Big", "", new BigDecimal("123456789012.34"), "CHF", "", null),
            new ProductStock(0, 0, 0, StockStatus.OUT_OF_STOCK, warehouses(), Instant.parse("2025-01-01T00:00:01Z")));

    private static final ProductView AWKWARD_TEXT = new ProductView(
            new Product("SKU-4:x.y_z", "Quote \" backslash \\ slash / tab \t newline \n bell \u0007",
                    "Unicode: caf\u00e9, \u4e2d\u6587, emoji \ud83d\ude00, </script>, \u2028", new BigDecimal("1E+3"),
                    null, "Kitchen & Dining", null),
            new ProductStock(Long.MAX_VALUE - 5, 7, Long.MAX_VALUE - 12, StockStatus.IN_STOCK,
                    warehouses("WH \"north\"", Long.MAX_VALUE - 5, 7L, "wh-\u00fc", 0L, 0L),
                    Instant.parse("2025-03-04T05:06:07.100Z")));

    private static final ProductView NULL_PRICE_NEGATIVE = new ProductView(
            new Product("SKU-5", "Odd", "odd", null, "USD", "x", null),
            new ProductStock(2, 5, -3, StockStatus.OUT_OF_STOCK, warehouses("WH-1", 2L, 5L), Instant.ofEpochMilli(0)));

    private static final List<ProductView> ALL = List.of(FULL, STOCK_UNKNOWN, NULL_DETAILS, NO_WAREHOUSES_WHOLE_SECOND,
            AWKWARD_TEXT, NULL_PRICE_NEGATIVE);

    /** How the resource mapped a view before the writer (the records databind then wrote). */
    static ProductJson databindShape(ProductView view) {
        Product p = view.product();
        ProductStock stock = view.stock();
        StockJson stockJson = null;
        if (stock != null) {
            Map<String, WarehouseJson> warehouses = new LinkedHashMap<>();
            stock.warehouses().forEach((id, w) -> warehouses.put(id, new WarehouseJson(w.onHand(), w.reserved(), w.available())));
            stockJson = new StockJson(stock.onHand(), stock.reserved(), stock.available(), stock.status(), warehouses,
                    stock.updatedAt());
        }
        return new ProductJson(p.productId(), p.name(), p.description(), p.price(), p.currency(), p.category(), stockJson);
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

    /** The view with its stock as the text Redis keeps (plain ASCII, the apply script's rendering). */
    private ProductView asText(ProductView view) throws IOException {
        return new ProductView(view.product(), null, mapper.writeValueAsBytes(databindShape(view).stock()));
    }

    @Test
    void shouldWriteEachProductAsDatabindDid() throws IOException {
        for (ProductView view : ALL) {
            assertThat(written(new ProductJsonWriter.One(view)))
                    .isEqualTo(databind(databindShape(view)));
        }
    }

    @Test
    void shouldWriteStockReadAsTextAsDatabindDid() throws IOException {
        ObjectMapper indenting = mapper.copy().enable(SerializationFeature.INDENT_OUTPUT);
        Map<String, ProductView> views = new LinkedHashMap<>();
        Map<String, ProductJson> json = new LinkedHashMap<>();
        for (ProductView view : List.of(FULL, NULL_DETAILS, NO_WAREHOUSES_WHOLE_SECOND, NULL_PRICE_NEGATIVE)) {
            ProductView text = asText(view);
            assertThat(text.stock()).as("decoded from the text").isEqualTo(view.stock());
            assertThat(written(new ProductJsonWriter.One(text))).isEqualTo(databind(databindShape(view)));
            // a generator that formats: the text is decoded and written field by field
            assertThat(written(indenting, new ProductJsonWriter.One(text))).isEqualTo(databind(indenting, databindShape(view)));
            views.put(view.product().productId(), text);
            json.put(view.product().productId(), databindShape(view));
        }
        views.put(STOCK_UNKNOWN.product().productId(), STOCK_UNKNOWN);
        json.put(STOCK_UNKNOWN.product().productId(), databindShape(STOCK_UNKNOWN));

        assertThat(written(new ProductJsonWriter.Batch(views, List.of("nope"))))
                .isEqualTo(databind(new ProductResource.BatchResponse(json, List.of("nope"))));
        assertThat(written(indenting, new ProductJsonWriter.Batch(views, List.of("nope"))))
                .isEqualTo(databind(indenting, new ProductResource.BatchResponse(json, List.of("nope"))));
    }

    @Test
    void shouldWriteABatchAsDatabindDid() throws IOException {
        Map<String, ProductView> views = new LinkedHashMap<>();
        Map<String, ProductJson> json = new LinkedHashMap<>();
        for (ProductView view : ALL) {
            views.put(view.product().productId(), view);
            json.put(view.product().productId(), databindShape(view));
        }
        List<String> missing = List.of("nope", "SKU-\"gone\"");

        assertThat(written(new ProductJsonWriter.Batch(views, missing)))
                .isEqualTo(databind(new ProductResource.BatchResponse(json, missing)));
        assertThat(written(new ProductJsonWriter.Batch(Map.of(), List.of("a"))))
                .isEqualTo(databind(new ProductResource.BatchResponse(Map.of(), List.of("a"))));
    }

    @Test
    void shouldWriteAPageAsDatabindDid() throws IOException {
        List<ProductJson> json = ALL.stream().map(ProductJsonWriterTest::databindShape).toList();

        assertThat(written(new ProductJsonWriter.Page(ALL, "U0tVLTU")))
                .isEqualTo(databind(new ProductResource.PageResponse(json, "U0tVLTU")));
        assertThat(written(new ProductJsonWriter.Page(List.of(), null)))
                .isEqualTo(databind(new ProductResource.PageResponse(List.of(), null)));
    }

    @Test
    void shouldQuoteRawStockTextAsJacksonQuotesTheSameString() throws IOException {
        String text = "{\"onHand\":3,\"status\":\"in_stock\"}";
        ProductJsonWriter.RawJson raw = new ProductJsonWriter.RawJson(text.getBytes(StandardCharsets.US_ASCII));
        SerializedString jackson = new SerializedString(text);

        assertThat(raw.asUnquotedUTF8()).isEqualTo(text.getBytes(StandardCharsets.US_ASCII));
        assertThat(raw.asQuotedUTF8()).isEqualTo(jackson.asQuotedUTF8());
        assertThat(raw.asQuotedChars()).isEqualTo(jackson.asQuotedChars());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        raw.writeQuotedUTF8(out);
        assertThat(out.toByteArray()).isEqualTo(jackson.asQuotedUTF8());
    }
}
