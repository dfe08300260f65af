package io.stockflow.catalog.rest;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.NumberOutput;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stockflow.catalog.domain.Product;
import io.stockflow.catalog.domain.ProductStock;
import io.stockflow.catalog.domain.StockStatus;
import io.stockflow.catalog.domain.WarehouseLevels;
import io.stockflow.catalog.service.ProductQueryService.ProductView;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.Provider;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
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
    private static final SerializedString ON_HAND = new SerializedString("onHand");
    private static final SerializedString RESERVED = new SerializedString("reserved");
    private static final SerializedString AVAILABLE = new SerializedString("available");
    private static final SerializedString STATUS = new SerializedString("status");
    private static final SerializedString WAREHOUSES = new SerializedString("warehouses");
    private static final SerializedString UPDATED_AT = new SerializedString("updatedAt");
    private static final SerializedString PRODUCTS = new SerializedString("products");
    private static final SerializedString MISSING = new SerializedString("missing");
    private static final SerializedString ITEMS = new SerializedString("items");
    private static final SerializedString NEXT_CURSOR = new SerializedString("nextCursor");
    private static final SerializedString[] STATUS_NAMES = Arrays.stream(StockStatus.values())
            .map(s -> new SerializedString(s.wireName())).toArray(SerializedString[]::new);

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
        if (view.stockJson() != null) {
            if (!stockText.write(view.stockJson())) {
                stock(g, view.stock());
            }
        } else if (view.decodedStock() == null) {
            g.writeNull();
        } else if (!stockText.write(view.decodedStock())) {
            stock(g, view.decodedStock());
        }
        g.writeEndObject();
    }

    /**
     * A {@link ProductJson.StockJson} as one raw value, when nothing in it needs escaping (numbers, fixed
     * names, ISO instants, warehouse ids of plain ASCII) and the generator formats nothing: the
     * generator's bookkeeping per field is most of the cost of a batch (about 80 fields per product).
     * The text is what {@link #stock} writes, made here or by the apply script in Redis (the same, byte
     * for byte: StockEventHandlerTest); ProductJsonWriterTest covers both ways.
     */
    private static final class StockText {
        private final JsonGenerator g;
        private final boolean usable;
        private char[] text = new char[0];
        private int length;

        StockText(JsonGenerator g) {
            this.g = g;
            this.usable = g.getPrettyPrinter() == null && g.getCharacterEscapes() == null
                    && !g.isEnabled(JsonGenerator.Feature.WRITE_NUMBERS_AS_STRINGS);
        }

        /** False, and nothing written, when the generator has to write this one. */
        boolean write(ProductStock stock) throws IOException {
            if (!usable || stock.status() == null || stock.warehouses() == null) {
                return false;
            }
            length = 0;
            ensure(160 + 72 * stock.warehouses().size()); // room for the usual case: one array per response
            append("{\"onHand\":").number(stock.onHand()).append(",\"reserved\":").number(stock.reserved())
                    .append(",\"available\":").number(stock.available())
                    .append(",\"status\":\"").append(stock.status().wireName()).append("\",\"warehouses\":{");
            WarehouseLevels levels = stock.warehouses();
            for (int i = 0; i < levels.size(); i++) {
                if (!plain(levels.id(i))) {
                    return false;
                }
                append(i == 0 ? "\"" : ",\"").append(levels.id(i)).append("\":{\"onHand\":").number(levels.onHand(i))
                        .append(",\"reserved\":").number(levels.reserved(i))
                        .append(",\"available\":").number(levels.available(i)).append("}");
            }
            append("}");
            if (stock.updatedAt() != null) {
                append(",\"updatedAt\":\"").append(stock.updatedAt().toString()).append("\"");
            }
            append("}");
            g.writeRawValue(text, 0, length);
            return true;
        }

        /** False, and nothing written, when the generator has to write the stock this text holds. */
        boolean write(byte[] json) throws IOException {
            if (!usable) {
                return false;
            }
            g.writeRawValue(new RawJson(json));
            return true;
        }

        /** Printable ASCII that JSON never escapes (the solidus left out: a generator may be told to). */
        private static boolean plain(String id) {
            for (int i = 0; i < id.length(); i++) {
                char c = id.charAt(i);
                if (c < 0x20 || c > 0x7E || c == '"' || c == '\\' || c == '/') {
                    return false;
                }
            }
            return true;
        }

        private StockText append(String s) {
            ensure(s.length());
            s.getChars(0, s.length(), text, length);
            length += s.length();
            return this;
        }

        private StockText number(long value) {
            ensure(20);
            length = NumberOutput.outputLong(value, text, length); // the digits the generator writes
            return this;
        }

        private void ensure(int more) {
            if (length + more > text.length) {
                text = Arrays.copyOf(text, Math.max(text.length * 2, length + more));
            }
        }
    }

    /**
     * Text of plain ASCII that is JSON already, for {@link JsonGenerator#writeRawValue(SerializableString)}:
     * the UTF-8 generator copies its bytes into its buffer (a String or char[] would be decoded and
     * encoded again).
     */
    record RawJson(byte[] bytes) implements SerializableString {

        @Override
        public String getValue() {
            return new String(bytes, StandardCharsets.US_ASCII);
        }

        @Override
        public int charLength() {
            return bytes.length;
        }

        @Override
        public byte[] asUnquotedUTF8() {
            return bytes;
        }

        @Override
        public int appendUnquotedUTF8(byte[] buffer, int offset) {
            if (offset + bytes.length > buffer.length) {
                return -1;
            }
            System.arraycopy(bytes, 0, buffer, offset, bytes.length);
            return bytes.length;
        }

        @Override
        public int appendUnquoted(char[] buffer, int offset) {
            if (offset + bytes.length > buffer.length) {
                return -1;
            }
            for (int i = 0; i < bytes.length; i++) {
                buffer[offset + i] = (char) bytes[i];
            }
            return bytes.length;
        }

        @Override
        public int writeUnquotedUTF8(OutputStream out) throws IOException {
            out.write(bytes);
            return bytes.length;
        }

        @Override
        public int putUnquotedUTF8(ByteBuffer buffer) {
            if (bytes.length > buffer.remaining()) {
                return -1;
            }
            buffer.put(bytes);
            return bytes.length;
        }

        // JSON text is written raw; should a caller ever ask for it as a string, it gets Jackson's quoting
        @Override
        public char[] asQuotedChars() {
            return quoted().asQuotedChars();
        }

        @Override
        public byte[] asQuotedUTF8() {
            return quoted().asQuotedUTF8();
        }

        @Override
        public int appendQuotedUTF8(byte[] buffer, int offset) {
            return quoted().appendQuotedUTF8(buffer, offset);
        }

        @Override
        public int appendQuoted(char[] buffer, int offset) {
            return quoted().appendQuoted(buffer, offset);
        }

        @Override
        public int writeQuotedUTF8(OutputStream out) throws IOException {
            return quoted().writeQuotedUTF8(out);
        }

        @Override
        public int putQuotedUTF8(ByteBuffer buffer) {
            return quoted().putQuotedUTF8(buffer);
        }

        private SerializedString quoted() {
            return new SerializedString(getValue());
        }
    }

    /** A {@link ProductJson.StockJson}: null fields left out. */
    private static void stock(JsonGenerator g, ProductStock stock) throws IOException {
        g.writeStartObject();
        g.writeFieldName(ON_HAND);
        g.writeNumber(stock.onHand());
        g.writeFieldName(RESERVED);
        g.writeNumber(stock.reserved());
        g.writeFieldName(AVAILABLE);
        g.writeNumber(stock.available());
        if (stock.status() != null) {
            g.writeFieldName(STATUS);
            g.writeString(STATUS_NAMES[stock.status().ordinal()]);
        }
        if (stock.warehouses() != null) {
            g.writeFieldName(WAREHOUSES);
            g.writeStartObject();
            WarehouseLevels levels = stock.warehouses();
            for (int i = 0; i < levels.size(); i++) {
                g.writeFieldName(levels.id(i));
                g.writeStartObject();
                g.writeFieldName(ON_HAND);
                g.writeNumber(levels.onHand(i));
                g.writeFieldName(RESERVED);
                g.writeNumber(levels.reserved(i));
                g.writeFieldName(AVAILABLE);
                g.writeNumber(levels.available(i));
                g.writeEndObject();
            }
            g.writeEndObject();
        }
        if (stock.updatedAt() != null) {
            g.writeFieldName(UPDATED_AT);
            // ISO-8601 as the JavaTimeModule writes an Instant (dates not as timestamps)
            g.writeString(stock.updatedAt().toString());
        }
        g.writeEndObject();
    }
}
