package io.stockflow.catalog.domain;

import com.fasterxml.jackson.annotation.JsonValue;

/** A product's stock status as clients see it; derived in Redis by the apply script. */
public enum StockStatus {
    IN_STOCK("in_stock"),
    LOW_STOCK("low_stock"),
    OUT_OF_STOCK("out_of_stock");

    private final String wireName;

    StockStatus(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    public static StockStatus fromWireName(String wireName) {
        for (StockStatus status : values()) {
            if (status.wireName.equals(wireName)) {
                return status;
            }
        }
        throw new IllegalArgumentException("unknown stock status '" + wireName + "'");
    }
}
