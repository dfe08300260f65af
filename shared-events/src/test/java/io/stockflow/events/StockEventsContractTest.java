package io.stockflow.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cloudevents.CloudEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Pins the wire form of every event: a change here breaks every consumer. */
class StockEventsContractTest {

    static final Instant AT = Instant.parse("2026-11-22T10:15:30.123Z");
    static final UUID RESERVATION = UUID.fromString("7f1c1f5e-0000-4000-8000-000000000001");

    static LevelState level(String warehouseId, long onHand, long reserved, long version) {
        return LevelState.of("SKU-1", warehouseId, onHand, reserved, version, 10, AT);
    }

    static String json(StockEvent event) {
        return new String(StockEvents.toJson(event), StandardCharsets.UTF_8);
    }

    static final String LEVEL_WH1 = "{\"productId\":\"SKU-1\",\"warehouseId\":\"WH-1\",\"onHand\":40,\"reserved\":5,"
            + "\"available\":35,\"version\":7,\"lowStockThreshold\":10,\"updatedAt\":\"2026-11-22T10:15:30.123Z\","
            + "\"safetyStock\":0,\"incoming\":0,\"nextIncomingAt\":null}";

    @Test
    void shouldPinAdjustedWireForm() {
        var event = new StockAdjusted("SKU-1", "WH-1", -3, "sold", "order-9", null, "alice", List.of(level("WH-1", 40, 5, 7)));
        assertThat(json(event)).isEqualTo("{\"productId\":\"SKU-1\",\"warehouseId\":\"WH-1\",\"delta\":-3,\"reason\":\"sold\","
                + "\"reference\":\"order-9\",\"actor\":\"alice\",\"levels\":[" + LEVEL_WH1 + "]}");
    }

    @Test
    void shouldPinUpdatedWireForm() {
        var event = new StockUpdated("SKU-1", "WH-1", 12, 40, "cycle_count", "bob", List.of(level("WH-1", 40, 5, 7)));
        assertThat(json(event)).isEqualTo("{\"productId\":\"SKU-1\",\"warehouseId\":\"WH-1\",\"previousOnHand\":12,"
                + "\"quantity\":40,\"reason\":\"cycle_count\",\"actor\":\"bob\",\"levels\":[" + LEVEL_WH1 + "]}");
    }

    @Test
    void shouldPinTransferredWireForm() {
        var event = new StockTransferred("SKU-1", "WH-1", "WH-2", 4, null, "carol",
                List.of(level("WH-1", 40, 5, 7), level("WH-2", 4, 0, 1)));
        assertThat(json(event)).isEqualTo("{\"productId\":\"SKU-1\",\"fromWarehouseId\":\"WH-1\",\"toWarehouseId\":\"WH-2\","
                + "\"quantity\":4,\"actor\":\"carol\",\"levels\":[" + LEVEL_WH1 + ",{\"productId\":\"SKU-1\","
                + "\"warehouseId\":\"WH-2\",\"onHand\":4,\"reserved\":0,\"available\":4,\"version\":1,"
                + "\"lowStockThreshold\":10,\"updatedAt\":\"2026-11-22T10:15:30.123Z\",\"safetyStock\":0,\"incoming\":0,"
                + "\"nextIncomingAt\":null}]}");
    }

    @Test
    void shouldPinReservedAndReleasedWireForm() {
        var reserved = new StockReserved("SKU-1", RESERVATION, 5, "cart-1", "dave", List.of(level("WH-1", 40, 5, 7)));
        assertThat(json(reserved)).isEqualTo("{\"productId\":\"SKU-1\",\"reservationId\":\"" + RESERVATION + "\","
                + "\"quantity\":5,\"reference\":\"cart-1\",\"actor\":\"dave\",\"levels\":[" + LEVEL_WH1 + "]}");
        var released = new StockReleased("SKU-1", RESERVATION, 5, StockReleased.REASON_EXPIRED, "system",
                List.of(level("WH-1", 40, 5, 7)));
        assertThat(json(released)).isEqualTo("{\"productId\":\"SKU-1\",\"reservationId\":\"" + RESERVATION + "\","
                + "\"quantity\":5,\"reason\":\"expired\",\"actor\":\"system\",\"levels\":[" + LEVEL_WH1 + "]}");
    }

    @Test
    void shouldPinReservationExtendedWireForm() {
        var extended = new ReservationExtended("SKU-1", RESERVATION, 5, AT, 2, "cart-7", "alice",
                List.of(level("WH-1", 40, 5, 7)));
        assertThat(json(extended)).isEqualTo("{\"productId\":\"SKU-1\",\"reservationId\":\"" + RESERVATION + "\","
                + "\"quantity\":5,\"expiresAt\":\"" + AT + "\",\"extensions\":2,\"reference\":\"cart-7\","
                + "\"actor\":\"alice\",\"levels\":[" + LEVEL_WH1 + "]}");
    }

    @Test
    void shouldPinLowStockWireForm() {
        var event = new LowStock("SKU-1", "WH-1", 35, 50, "alice", List.of(level("WH-1", 40, 5, 7)));
        assertThat(json(event)).isEqualTo("{\"productId\":\"SKU-1\",\"warehouseId\":\"WH-1\",\"available\":35,"
                + "\"threshold\":50,\"actor\":\"alice\",\"levels\":[" + LEVEL_WH1 + "]}");
    }

    @Test
    void shouldRoundTripEveryTypeThroughItsWireName() {
        List<StockEvent> events = List.of(
                new StockAdjusted("SKU-1", "WH-1", 3, "received", null, null, "a", List.of(level("WH-1", 40, 5, 7))),
                new StockUpdated("SKU-1", "WH-1", 1, 40, "correction", "a", List.of(level("WH-1", 40, 5, 7))),
                new StockTransferred("SKU-1", "WH-1", "WH-2", 1, "r", "a", List.of(level("WH-1", 40, 5, 7))),
                new StockReserved("SKU-1", RESERVATION, 5, null, "a", List.of(level("WH-1", 40, 5, 7))),
                new StockReleased("SKU-1", RESERVATION, 5, "released", "a", List.of(level("WH-1", 40, 5, 7))),
                new ReservationExtended("SKU-1", RESERVATION, 5, AT, 1, null, "a", List.of(level("WH-1", 40, 5, 8))),
                new LowStock("SKU-1", "WH-1", 35, 50, "a", List.of(level("WH-1", 40, 5, 7))),
                new StockIncoming("SKU-1", "WH-1", RESERVATION, StockIncoming.RECEIVED, 4, 6, AT, "PO-1", "a",
                        List.of(LevelState.of("SKU-1", "WH-1", 40, 5, 7, 10, AT, 3, 6, AT))));
        for (StockEvent event : events) {
            StockEventType type = StockEventType.of(event);
            assertThat(StockEvents.parse(type.wireName(), StockEvents.toJson(event))).isEqualTo(event);
        }
        assertThat(StockEventType.values()).extracting(StockEventType::wireName).containsExactly(
                "warehouse.stock.updated", "warehouse.stock.adjusted", "warehouse.stock.transferred",
                "warehouse.stock.reserved", "warehouse.stock.released", "warehouse.stock.reservation_extended",
                "warehouse.inventory.low_stock", "warehouse.stock.incoming");
    }

    @Test
    void shouldPinIncomingWireFormWithSafetyStockAndIncomingOnItsLevel() {
        var event = new StockIncoming("SKU-1", "WH-1", RESERVATION, StockIncoming.EXPECTED, 20, 20, AT, "PO-7", "erin",
                List.of(LevelState.of("SKU-1", "WH-1", 40, 5, 8, 10, AT, 30, 20, AT)));
        assertThat(json(event)).isEqualTo("{\"productId\":\"SKU-1\",\"warehouseId\":\"WH-1\",\"incomingId\":\""
                + RESERVATION + "\",\"action\":\"expected\",\"quantity\":20,\"open\":20,"
                + "\"expectedAt\":\"2026-11-22T10:15:30.123Z\",\"reference\":\"PO-7\",\"actor\":\"erin\",\"levels\":["
                + "{\"productId\":\"SKU-1\",\"warehouseId\":\"WH-1\",\"onHand\":40,\"reserved\":5,\"available\":5,"
                + "\"version\":8,\"lowStockThreshold\":10,\"updatedAt\":\"2026-11-22T10:15:30.123Z\",\"safetyStock\":30,"
                + "\"incoming\":20,\"nextIncomingAt\":\"2026-11-22T10:15:30.123Z\"}]}");
    }

    @Test
    void shouldFloorAvailableAtZeroWhenSafetyStockExceedsWhatIsFree() {
        LevelState level = LevelState.of("SKU-1", "WH-1", 10, 4, 2, 0, AT, 8, 0, null);
        assertThat(level.available()).isZero();
        assertThat(LevelState.of("SKU-1", "WH-1", 10, 4, 2, 0, AT, 5, 0, null).available()).isEqualTo(1);
    }

    @Test
    void shouldBindALevelWrittenBeforeSafetyStockAndIncomingExistedAsHavingNone() {
        StockEvent event = StockEvents.parse("warehouse.stock.adjusted", ("{\"productId\":\"P\",\"warehouseId\":\"W\","
                + "\"delta\":1,\"reason\":\"received\",\"actor\":\"a\",\"levels\":[{\"productId\":\"P\",\"warehouseId\":\"W\","
                + "\"onHand\":5,\"reserved\":1,\"available\":4,\"version\":3,\"lowStockThreshold\":2,"
                + "\"updatedAt\":\"2026-11-22T10:15:30.123Z\"}]}").getBytes());
        LevelState level = event.levels().get(0);
        assertThat(level.safetyStock()).isZero();
        assertThat(level.incoming()).isZero();
        assertThat(level.nextIncomingAt()).isNull();
        assertThat(level.available()).isEqualTo(4);
    }

    @Test
    void shouldRejectALevelWhoseAvailableIgnoresItsSafetyStockOrWhoseIncomingIsNegative() {
        String levelTemplate = "{\"productId\":\"P\",\"delta\":1,\"levels\":[{\"productId\":\"P\",\"warehouseId\":\"W\",\"onHand\":5,"
                + "\"reserved\":1,\"available\":%d,\"version\":1,\"lowStockThreshold\":0,\"safetyStock\":3,\"incoming\":%d}]}";
        assertThatThrownBy(() -> StockEvents.parse("warehouse.stock.adjusted", String.format(levelTemplate, 4, 0).getBytes()))
                .isInstanceOf(StockEvents.MalformedEventException.class);
        assertThatThrownBy(() -> StockEvents.parse("warehouse.stock.adjusted", String.format(levelTemplate, 1, -2).getBytes()))
                .isInstanceOf(StockEvents.MalformedEventException.class).hasMessageContaining("negative");
        assertThat(StockEvents.parse("warehouse.stock.adjusted", String.format(levelTemplate, 1, 2).getBytes())
                .levels().get(0).incoming()).isEqualTo(2);
    }

    @Test
    void shouldBuildCloudEventWithContractAttributes() {
        UUID id = UUID.randomUUID();
        byte[] data = StockEvents.toJson(new StockAdjusted("SKU-1", "WH-1", 3, "received", null, null, "a",
                List.of(level("WH-1", 40, 5, 7))));
        CloudEvent event = StockEvents.cloudEvent(id, StockEventType.STOCK_ADJUSTED, "SKU-1", 42, AT, data);
        assertThat(event.getSpecVersion().toString()).isEqualTo("1.0");
        assertThat(event.getId()).isEqualTo(id.toString());
        assertThat(event.getSource().toString()).isEqualTo("/warehouse-service");
        assertThat(event.getType()).isEqualTo("warehouse.stock.adjusted");
        assertThat(event.getSubject()).isEqualTo("SKU-1");
        assertThat(event.getTime().toInstant()).isEqualTo(AT);
        assertThat(event.getDataContentType()).isEqualTo("application/json");
        assertThat(event.getExtension("partitionkey")).isEqualTo("SKU-1");
        assertThat(event.getExtension("sequence")).isEqualTo("42");
        assertThat(event.getData().toBytes()).isEqualTo(data);
    }

    @Test
    void shouldRejectUnknownTypeAndMalformedData() {
        assertThatThrownBy(() -> StockEvents.parse("warehouse.stock.exploded", "{}".getBytes()))
                .isInstanceOf(StockEvents.MalformedEventException.class).hasMessageContaining("unknown event type");
        assertThatThrownBy(() -> StockEvents.parse("warehouse.stock.adjusted", "{not json".getBytes()))
                .isInstanceOf(StockEvents.MalformedEventException.class);
        assertThatThrownBy(() -> StockEvents.parse("warehouse.stock.adjusted", "{\"delta\":1}".getBytes()))
                .isInstanceOf(StockEvents.MalformedEventException.class).hasMessageContaining("productId");
        assertThatThrownBy(() -> StockEvents.parse("warehouse.stock.adjusted", new byte[0]))
                .isInstanceOf(StockEvents.MalformedEventException.class).hasMessageContaining("no data");
        assertThatThrownBy(() -> StockEvents.parse("warehouse.stock.adjusted", ("{\"productId\":\"P\",\"levels\":[{\"productId\":\"P\","
                + "\"warehouseId\":\"W\",\"onHand\":5,\"reserved\":1,\"available\":9,\"version\":1}]}").getBytes()))
                .isInstanceOf(StockEvents.MalformedEventException.class);
    }
}
