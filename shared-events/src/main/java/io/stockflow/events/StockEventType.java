package io.stockflow.events;

import java.util.Arrays;
import java.util.Optional;

/** The CloudEvent types on topic {@code warehouse.stock}, each with the record its data binds to. */
public enum StockEventType {
    STOCK_UPDATED("warehouse.stock.updated", StockUpdated.class),
    STOCK_ADJUSTED("warehouse.stock.adjusted", StockAdjusted.class),
    STOCK_TRANSFERRED("warehouse.stock.transferred", StockTransferred.class),
    STOCK_RESERVED("warehouse.stock.reserved", StockReserved.class),
    STOCK_RELEASED("warehouse.stock.released", StockReleased.class),
    RESERVATION_EXTENDED("warehouse.stock.reservation_extended", ReservationExtended.class),
    LOW_STOCK("warehouse.inventory.low_stock", LowStock.class),
    STOCK_INCOMING("warehouse.stock.incoming", StockIncoming.class);

    private final String wireName;
    private final Class<? extends StockEvent> dataType;

    StockEventType(String wireName, Class<? extends StockEvent> dataType) {
        this.wireName = wireName;
        this.dataType = dataType;
    }

    public String wireName() {
        return wireName;
    }

    public Class<? extends StockEvent> dataType() {
        return dataType;
    }

    public static Optional<StockEventType> fromWireName(String wireName) {
        return Arrays.stream(values()).filter(t -> t.wireName.equals(wireName)).findFirst();
    }

    public static StockEventType of(StockEvent event) {
        return Arrays.stream(values()).filter(t -> t.dataType == event.getClass()).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("not a stock event: " + event.getClass()));
    }
}
