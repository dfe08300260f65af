package io.stockflow.events;

import java.util.List;

/**
 * The data of every stock event: the state after the change of each level it touched (with its
 * version, so a consumer keeping the highest version per level can apply events in any order,
 * any number of times), plus what happened.
 */
public sealed interface StockEvent
        permits StockAdjusted, StockUpdated, StockTransferred, StockReserved, StockReleased, ReservationExtended,
        StockIncoming, LowStock {

    String productId();

    List<LevelState> levels();

    String actor();
}
