package io.stockflow.catalog.support;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.stockflow.catalog.rest.ProductJson.StockJson;
import io.stockflow.catalog.stock.StockReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;

/** The stock a product read would answer, as tests look at it: the stored text, parsed strictly. */
public final class Stocks {

    private static final ObjectMapper MAPPER = new ObjectMapper().registerModule(new JavaTimeModule())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private Stocks() {
    }

    /** The product's stock text as the contract's shape; empty when Redis holds none. */
    public static Optional<StockJson> stored(StockReader reader, String productId) {
        return Optional.ofNullable(reader.read(List.of(productId)).get(productId)).map(Stocks::parse);
    }

    public static StockJson parse(byte[] text) {
        try {
            return MAPPER.readValue(text, StockJson.class);
        } catch (IOException e) {
            throw new UncheckedIOException("not a stock text: " + new String(text), e);
        }
    }
}
