package io.stockflow.warehouse;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.stockflow.events.LevelState;
import io.stockflow.events.LowStock;
import io.stockflow.events.StockAdjusted;
import io.stockflow.events.StockEvent;
import io.stockflow.events.StockEvents;
import io.stockflow.events.StockReleased;
import io.stockflow.events.StockReserved;
import io.stockflow.events.StockTransferred;
import io.stockflow.events.StockUpdated;
import io.stockflow.testsupport.PostgresDatabase;
import io.stockflow.testsupport.TestKeys;
import io.stockflow.warehouse.support.Db;
import io.stockflow.warehouse.support.Db.OutboxRow;
import io.stockflow.warehouse.outbox.OutboxPipelineRepository;
import io.stockflow.warehouse.support.Stock;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/** Every change writes its events to the outbox in its own transaction, with the contract's types and data. */
@QuarkusTest
@QuarkusTestResource(PostgresDatabase.class)
class OutboxTest {

    @Inject
    AgroalDataSource dataSource;

    private List<OutboxRow> outbox(String product) {
        return Db.outbox(dataSource, product);
    }

    private static StockEvent data(OutboxRow row) {
        return StockEvents.parse(row.type(), row.data().getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void shouldWriteAdjustedEventWithLevelStateAndLedgerSequence() {
        String product = Stock.productId();
        String warehouse = Stock.warehouse();
        given().contentType(ContentType.JSON).header(TestKeys.HEADER, TestKeys.WRITE).header("X-On-Behalf-Of", "alice")
                .body(Map.of("productId", product, "warehouseId", warehouse, "delta", 40, "reason", "received",
                        "reference", "po-17"))
                .post("/v1/inventory/adjustments").then().statusCode(200);

        List<OutboxRow> rows = outbox(product);
        assertThat(rows).hasSize(1);
        OutboxRow row = rows.get(0);
        assertThat(row.type()).isEqualTo("warehouse.stock.adjusted");
        long ledgerSequence = Db.count(dataSource, "SELECT max(sequence) FROM stock_movement WHERE product_id = ?", product);
        assertThat(row.sequence()).isEqualTo(ledgerSequence);
        StockAdjusted event = (StockAdjusted) data(row);
        assertThat(event.productId()).isEqualTo(product);
        assertThat(event.delta()).isEqualTo(40);
        assertThat(event.reason()).isEqualTo("received");
        assertThat(event.reference()).isEqualTo("po-17");
        assertThat(event.actor()).isEqualTo(TestKeys.WRITE_PRINCIPAL);
        LevelState level = event.levels().get(0);
        assertThat(level.onHand()).isEqualTo(40);
        assertThat(level.version()).isEqualTo(1);
        assertThat(level.warehouseId()).isEqualTo(warehouse);
    }

    @Test
    void shouldWriteOneTransferEventCarryingBothLevels() {
        String product = Stock.productId();
        String from = Stock.warehouse();
        String to = Stock.warehouse();
        Stock.stocked(product, from, 50);
        given().contentType(ContentType.JSON)
                .body(Map.of("productId", product, "fromWarehouseId", from, "toWarehouseId", to, "quantity", 20))
                .post("/v1/inventory/transfers").then().statusCode(200);

        List<OutboxRow> rows = outbox(product);
        assertThat(rows).extracting(OutboxRow::type)
                .containsExactly("warehouse.stock.adjusted", "warehouse.stock.transferred");
        StockTransferred event = (StockTransferred) data(rows.get(1));
        assertThat(event.quantity()).isEqualTo(20);
        assertThat(event.levels()).extracting(LevelState::warehouseId, LevelState::onHand, LevelState::version)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(from, 30L, 2L),
                        org.assertj.core.groups.Tuple.tuple(to, 20L, 1L));
        assertThat(rows.get(1).sequence()).isGreaterThan(rows.get(0).sequence());
    }

    @Test
    void shouldWriteReservationEventsPerProductAndReleaseEvent() {
        String first = Stock.productId();
        String second = Stock.productId();
        String warehouse = Stock.warehouse();
        Stock.stocked(first, warehouse, 100);
        Stock.stocked(second, warehouse, 100);
        String id = Stock.reserve(Map.of("lines", List.of(Map.of("productId", first, "quantity", 5),
                Map.of("productId", second, "quantity", 7)), "reference", "cart-9"))
                .then().statusCode(201).extract().path("reservationId");

        StockReserved reserved = (StockReserved) data(outbox(first).get(1));
        assertThat(reserved.reservationId().toString()).isEqualTo(id);
        assertThat(reserved.quantity()).isEqualTo(5);
        assertThat(reserved.levels().get(0).reserved()).isEqualTo(5);
        assertThat(((StockReserved) data(outbox(second).get(1))).quantity()).isEqualTo(7);

        given().post("/v1/inventory/reservations/" + id + "/release").then().statusCode(200);
        StockReleased released = (StockReleased) data(outbox(first).get(2));
        assertThat(released.reason()).isEqualTo("released");
        assertThat(released.levels().get(0).reserved()).isZero();
    }

    @Test
    void shouldReportCommittedReservationAsSoldAdjustment() {
        String product = Stock.productId();
        String warehouse = Stock.warehouse();
        Stock.stocked(product, warehouse, 100);
        String id = Stock.reserve(Map.of("lines", List.of(Map.of("productId", product, "warehouseId", warehouse,
                "quantity", 30)))).then().statusCode(201).extract().path("reservationId");
        given().post("/v1/inventory/reservations/" + id + "/commit").then().statusCode(200);

        List<OutboxRow> rows = outbox(product);
        StockAdjusted sold = (StockAdjusted) data(rows.get(rows.size() - 1));
        assertThat(sold.reason()).isEqualTo("sold");
        assertThat(sold.delta()).isEqualTo(-30);
        assertThat(sold.reservationId().toString()).isEqualTo(id);
        assertThat(sold.levels().get(0).onHand()).isEqualTo(70);
        assertThat(sold.levels().get(0).reserved()).isZero();
    }

    @Test
    void shouldWriteSetAsUpdatedEvent() {
        String product = Stock.productId();
        String warehouse = Stock.warehouse();
        Stock.stocked(product, warehouse, 100);
        given().contentType(ContentType.JSON).body(Map.of("onHand", 80, "reason", "cycle_count"))
                .put("/v1/inventory/" + product + "/warehouses/" + warehouse).then().statusCode(200);
        StockUpdated updated = (StockUpdated) data(outbox(product).get(1));
        assertThat(updated.previousOnHand()).isEqualTo(100);
        assertThat(updated.quantity()).isEqualTo(80);
        assertThat(updated.reason()).isEqualTo("cycle_count");
    }

    @Test
    void shouldSignalLowStockOnceAndAgainOnlyAfterRecovery() {
        String product = Stock.productId();
        String warehouse = Stock.warehouse();
        Stock.stocked(product, warehouse, 20);
        Stock.adjust(product, warehouse, -15).then().statusCode(200);  // 5 < 10: crosses
        Stock.adjust(product, warehouse, -1).then().statusCode(200);   // still low: silent
        Stock.adjust(product, warehouse, 30).then().statusCode(200);   // 34: recovered
        Stock.adjust(product, warehouse, -30).then().statusCode(200);  // 4: crosses again

        List<OutboxRow> lowStock = outbox(product).stream()
                .filter(r -> r.type().equals("warehouse.inventory.low_stock")).toList();
        assertThat(lowStock).hasSize(2);
        LowStock first = (LowStock) data(lowStock.get(0));
        assertThat(first.available()).isEqualTo(5);
        assertThat(first.threshold()).isEqualTo(10);
        assertThat(((LowStock) data(lowStock.get(1))).available()).isEqualTo(4);
    }

    @Test
    void shouldWriteNothingForRefusedChange() {
        String product = Stock.productId();
        String warehouse = Stock.warehouse();
        Stock.stocked(product, warehouse, 20);
        Stock.adjust(product, warehouse, -21).then().statusCode(409);
        assertThat(outbox(product)).hasSize(1);
        assertThat(Db.movements(dataSource, product)).isEqualTo(1);
    }

    /** Tests run without an OTLP endpoint, so tracing is off: a caller's traceparent starts nothing. */
    @Test
    void shouldKeepNoTraceContextOnTheRowsWhileTracingIsOff() {
        String product = Stock.productId();
        given().contentType(ContentType.JSON).header(TestKeys.HEADER, TestKeys.WRITE)
                .header("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
                .body(Map.of("productId", product, "warehouseId", Stock.warehouse(), "delta", 50, "reason", "received"))
                .post("/v1/inventory/adjustments").then().statusCode(200);

        assertThat(outbox(product)).hasSize(1);
        assertThat(Db.count(dataSource, "SELECT count(*) FROM outbox WHERE product_id = ?"
                + " AND (traceparent IS NOT NULL OR tracestate IS NOT NULL)", product)).isZero();
    }

    /**
     * Tests run with this replica's relay disabled, so a commit wakes the active relay elsewhere with
     * a NOTIFY, sent once the command's transaction has committed.
     */
    @Test
    void aCommittedChangeWakesTheRelayAfterItsCommit() throws Exception {
        String product = Stock.productId();
        String warehouse = Stock.warehouse();
        try (java.sql.Connection listener = dataSource.getConnection()) {
            try (java.sql.Statement listen = listener.createStatement()) {
                listen.execute("LISTEN " + OutboxPipelineRepository.COMMITTED_CHANNEL);
            }
            try {
                PGConnection notifications = listener.unwrap(PGConnection.class);
                notifications.getNotifications(); // drop what earlier tests' commits sent

                Stock.adjust(product, warehouse, 3).then().statusCode(200);

                PGNotification[] received = notifications.getNotifications(10_000);
                assertThat(received).isNotEmpty().extracting(PGNotification::getName)
                        .contains(OutboxPipelineRepository.COMMITTED_CHANNEL);
            } finally {
                try (java.sql.Statement unlisten = listener.createStatement()) {
                    unlisten.execute("UNLISTEN *"); // the connection goes back to the pool
                }
            }
        }
    }
}
