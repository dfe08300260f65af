package io.stockflow.catalog.rest;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stockflow.catalog.domain.Product;
import io.stockflow.catalog.service.ProductQueryService.ProductView;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.Provider;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.util.List;
import java.util.Map;
import org.jboss.resteasy.reactive.server.spi.ResteasyReactiveResourceInfo;
import org.jboss.resteasy.reactive.server.spi.ServerMessageBodyWriter;
import org.jboss.resteasy.reactive.server.spi.ServerRequestContext;

/**
 * Writes product reads straight to the response with a streaming generator, in the shape of
 * {@link ProductJson} and byte for byte what Jackson databind made of it (ProductJsonWriterTest pins
 * that): a 1000-product batch is about 100 000 fields, and databind's records, maps and reflective
 * getters per field cost more than everything else in the request.
 */
@Provider
@Produces(MediaType.APPLICATION_JSON)
public class ProductJsonWriter implements ServerMessageBodyWriter<ProductJsonWriter.Reply> {

    /** What a product read answers: a resource returns one, this writer renders it. */
    public sealed interface Reply permits One, Batch, Page {
    }

    /** {@code GET /v1/products/{id}}: a {@link ProductJson}. */
    public record One(ProductView product) implements Reply {
    }

    /** {@code POST /v1/products/batch}: a {@link ProductResource.BatchResponse}. */
    public record Batch(Map<String, ProductView> products, List<String> missing) implements Reply {
    }

    /** {@code GET /v1/products}: a {@link ProductResource.PageResponse}. */
    public record Page(List<ProductView> items, String nextCursor) implements Reply {
    }

    private static final SerializedString PRODUCT_ID = new SerializedString("productId");
    private static final SerializedString NAME = new SerializedString("name");
    private static final SerializedString DESCRIPTION = new SerializedString("description");
    private static final SerializedString PRICE = new SerializedString("price");
    private static final SerializedString CURRENCY = new SerializedString("currency");
    private static final SerializedString CATEGORY = new SerializedString("category");
    private static final SerializedString STOCK = new SerializedString("stock");
    private static final SerializedString PRODUCTS = new SerializedString("products");
    private static final SerializedString MISSING = new SerializedString("missing");
    private static final SerializedString ITEMS = new SerializedString("items");
    private static final SerializedString NEXT_CURSOR = new SerializedString("nextCursor");

    private final ObjectMapper mapper;

    public ProductJsonWriter(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    @Override
    public boolean isWriteable(Class<?> type, Type genericType, ResteasyReactiveResourceInfo target, MediaType mediaType) {
        return Reply.class.isAssignableFrom(type);
    }

    @Override
    public boolean isWriteable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return Reply.class.isAssignableFrom(type);
    }

    @Override
    public void writeResponse(Reply reply, Type genericType, ServerRequestContext context) throws IOException {
        OutputStream out = context.getOrCreateOutputStream();
        write(reply, out);
        // closed only after a complete write, as Quarkus's Jackson writer does: a failure is then still mapped
        out.close();
    }

    @Override
    public void writeTo(Reply reply, Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType,
            MultivaluedMap<String, Object> httpHeaders, OutputStream out) throws IOException {
        write(reply, out);
    }

    /** Writes the reply to {@code out}, leaving it open and unflushed. */
    void write(Reply reply, OutputStream out) throws IOException {
        // created by the application's mapper, so its generator settings apply as they did to databind;
        // no flush passed on: the response stream would send a chunk instead of a Content-Length
        JsonGenerator g = mapper.createGenerator(out)
                .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
                .disable(JsonGenerator.Feature.FLUSH_PASSED_TO_STREAM);
        StockText stockText = new StockText(g);
        if (reply instanceof One one) {
            product(g, one.product(), stockText);
        } else if (reply instanceof Batch batch) {
            batch(g, batch, stockText);
        } else {
            page(g, (Page) reply, stockText);
        }
        g.close();
    }

    private static void batch(JsonGenerator g, Batch batch, StockText stockText) throws IOException {
        g.writeStartObject();
        g.writeFieldName(PRODUCTS);
        g.writeStartObject();
        for (Map.Entry<String, ProductView> entry : batch.products().entrySet()) {
            g.writeFieldName(entry.getKey());
            product(g, entry.getValue(), stockText);
        }
        g.writeEndObject();
        g.writeFieldName(MISSING);
        g.writeStartArray();
        for (String id : batch.missing()) {
            g.writeString(id);
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void page(JsonGenerator g, Page page, StockText stockText) throws IOException {
        g.writeStartObject();
        g.writeFieldName(ITEMS);
        g.writeStartArray();
        for (ProductView view : page.items()) {
            product(g, view, stockText);
        }
        g.writeEndArray();
        g.writeFieldName(NEXT_CURSOR);
        g.writeString(page.nextCursor());
        g.writeEndObject();
    }

    /** A {@link ProductJson}: every field, null ones as null. */
    private static void product(JsonGenerator g, ProductView view, StockText stockText) throws IOException {
        Product p = view.product();
        g.writeStartObject();
        g.writeFieldName(PRODUCT_ID);
        g.writeString(p.productId());
        g.writeFieldName(NAME);
        g.writeString(p.name());
        g.writeFieldName(DESCRIPTION);
        g.writeString(p.description());
        g.writeFieldName(PRICE);
        g.writeNumber(p.price());
        g.writeFieldName(CURRENCY);
        g.writeString(p.currency());
        g.writeFieldName(CATEGORY);
        g.writeString(p.category());
        g.writeFieldName(STOCK);
        stockText.write(view.stock());
        g.writeEndObject();
    }

    /**
     * The stock text Redis holds (apply-levels.lua renders it, in the shape of {@link ProductJson.StockJson}):
     * copied into the response as one raw value, as the generator's bookkeeping per field would be most
     * of the cost of a batch (about 80 fields per product); or, for a generator that formats (pretty
     * printer, custom escapes, numbers as strings), copied token by token so that it formats them too.
     */
    private static final class StockText {
        private final JsonGenerator g;
        private final boolean raw;

        StockText(JsonGenerator g) {
            this.g = g;
            this.raw = g.getPrettyPrinter() == null && g.getCharacterEscapes() == null
                    && !g.isEnabled(JsonGenerator.Feature.WRITE_NUMBERS_AS_STRINGS);
        }

        void write(byte[] text) throws IOException {
            if (text == null) {
                g.writeNull();
            } else if (raw) {
                g.writeRawValue(new RawJson(text));
            } else {
                try (JsonParser p = g.getCodec().getFactory().createParser(text)) {
                    p.nextToken();
                    g.copyCurrentStructure(p);
                }
            }
        }
    }
}
