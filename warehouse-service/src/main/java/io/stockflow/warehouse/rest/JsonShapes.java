package io.stockflow.warehouse.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.jackson.ObjectMapperCustomizer;
import io.stockflow.warehouse.service.StockReads;
import jakarta.inject.Singleton;

/**
 * Where the contract's JSON differs from a service result written as it is: Jackson mix-ins, so the
 * services' records carry no Jackson annotation and bulk reads need no copy into a view.
 */
@Singleton
public class JsonShapes implements ObjectMapperCustomizer {

    /** A bulk read's totals leave out {@code warehouses} unless they were asked for. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    private interface OmitNulls {
    }

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.addMixIn(StockReads.StockTotals.class, OmitNulls.class);
    }
}
