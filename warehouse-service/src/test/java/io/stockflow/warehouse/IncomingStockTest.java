package io.stockflow.warehouse;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.stockflow.events.StockEvents;
import io.stockflow.events.StockIncoming;
import io.stockflow.testsupport.PostgresDatabase;
import io.stockflow.warehouse.support.Db;
import io.stockflow.warehouse.support.FreshLevel;
import io.stockflow.warehouse.support.Stock;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Incoming lines move the level's incoming and next date, and their receipts onHand, in the ledger and the outbox. */
@QuarkusTest
@QuarkusTestResource(PostgresDatabase.class)
class IncomingStockTest extends FreshLevel {

    static final String MONDAY = "2030-01-07T08:00:00Z";
    static final String FRIDAY = "2030-01-11T08:00:00Z";

    @Inject
    AgroalDataSource dataSource;

    private List<StockIncoming> incomingEvents() {
        return Db.outbox(dataSource, product).stream().filter(r -> r.type().equals("warehouse.stock.incoming"))
                .map(r -> (StockIncoming) StockEvents.parse(r.type(), r.data().getBytes(StandardCharsets.UTF_8)))
                .toList();
    }

    private String level() {
        return "warehouses.find { it.warehouseId == '" + warehouse + "' }";
    }

    @Test
    void shouldExpectALineAndShowItOnTheLevelTheLedgerAndTheOutbox() {
        Stock.stocked(product, warehouse, 4);
        String friday = Stock.incoming(product, warehouse, 7, FRIDAY);
        String monday = Stock.expectIncoming(product, warehouse, 5, MONDAY).then().statusCode(201)
                .body("quantity", equalTo(5)).body("received", equalTo(0)).body("open", equalTo(5))
                .body("status", equalTo("open")).body("expectedAt", equalTo(MONDAY)).body("reference", equalTo("PO-1"))
                .body("level.incoming", equalTo(12)).body("level.nextIncomingAt", equalTo(MONDAY))
                .body("level.onHand", equalTo(4)).body("level.version", equalTo(3))
                .extract().path("incomingId");

        given().get(Stock.INCOMING + "/{id}", friday).then().statusCode(200)
                .body("productId", equalTo(product)).body("warehouseId", equalTo(warehouse))
                .body("open", equalTo(7)).body("expectedAt", equalTo(FRIDAY)).body("level", nullValue());
        Stock.product(product).then().body(level() + ".incoming", equalTo(12))
                .body(level() + ".nextIncomingAt", equalTo(MONDAY)).body("onHand", equalTo(4));
        Stock.movements(product).then().body("items[0].type", equalTo("incoming"))
                .body("items[0].deltaIncoming", equalTo(5)).body("items[0].deltaOnHand", equalTo(0))
                .body("items[0].incomingId", equalTo(monday)).body("items[0].reference", equalTo("PO-1"));
        List<StockIncoming> events = incomingEvents();
        assertThat(events).extracting(StockIncoming::action).containsExactly("expected", "expected");
        assertThat(events.get(1).incomingId().toString()).isEqualTo(monday);
        assertThat(events.get(1).levels().get(0).incoming()).isEqualTo(12);
        assertThat(events.get(1).levels().get(0).nextIncomingAt()).hasToString(MONDAY);
    }

    @Test
    void shouldReceiveInPartsIntoOnHandWithReasonReceivedAndTheLinesReference() {
        String id = Stock.incoming(product, warehouse, 10, MONDAY);

        Stock.receive(id, 4).then().statusCode(200).body("received", equalTo(4)).body("open", equalTo(6))
                .body("status", equalTo("open")).body("level.onHand", equalTo(4)).body("level.incoming", equalTo(6));
        Stock.movements(product).then().body("items[0].type", equalTo("received"))
                .body("items[0].reason", equalTo("received")).body("items[0].reference", equalTo("PO-1"))
                .body("items[0].deltaOnHand", equalTo(4)).body("items[0].deltaIncoming", equalTo(-4))
                .body("items[0].onHandAfter", equalTo(4));
        given().post(Stock.INCOMING + "/{id}/receive", id).then().statusCode(200)
                .body("received", equalTo(10)).body("open", equalTo(0)).body("status", equalTo("received"))
                .body("level.onHand", equalTo(10)).body("level.incoming", equalTo(0))
                .body("level.nextIncomingAt", nullValue());

        assertThat(incomingEvents()).extracting(StockIncoming::action, StockIncoming::quantity, StockIncoming::open)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("expected", 10L, 10L),
                        org.assertj.core.groups.Tuple.tuple("received", 4L, 6L),
                        org.assertj.core.groups.Tuple.tuple("received", 6L, 0L));
        given().queryParam("productId", product).get("/v1/admin/ledger/verify").then().body("consistent", equalTo(true));
        Stock.receive(id, 1).then().statusCode(409).contentType("application/problem+json")
                .body("errorType", equalTo("incoming_not_open"));
    }

    @Test
    void shouldCancelWhatIsOpenAndMoveTheNextDateToTheNextLine() {
        String monday = Stock.incoming(product, warehouse, 5, MONDAY);
        Stock.incoming(product, warehouse, 7, FRIDAY);
        Stock.receive(monday, 2).then().statusCode(200);

        given().post(Stock.INCOMING + "/{id}/cancel", monday).then().statusCode(200)
                .body("status", equalTo("cancelled")).body("received", equalTo(2)).body("open", equalTo(0))
                .body("level.incoming", equalTo(7)).body("level.nextIncomingAt", equalTo(FRIDAY))
                .body("level.onHand", equalTo(2));
        assertThat(incomingEvents()).extracting(StockIncoming::action).containsExactly("expected", "expected",
                "received", "cancelled");
        given().post(Stock.INCOMING + "/{id}/cancel", monday).then().statusCode(409)
                .body("errorType", equalTo("incoming_not_open"));
    }

    @Test
    void shouldRefuseReceivingMoreThanIsOpenAndChangeNothing() {
        String id = Stock.incoming(product, warehouse, 5, MONDAY);
        String before = Stock.snapshot(product);

        Stock.receive(id, 6).then().statusCode(400).contentType("application/problem+json")
                .body("errorType", equalTo("validation_error")).body("errors[0].field", equalTo("quantity"));
        Stock.receive(id, 0).then().statusCode(400).body("errorType", equalTo("validation_error"));
        Stock.json().body("{\"quantity\":\"many\"}").post(Stock.INCOMING + "/{id}/receive", id).then().statusCode(400);

        assertThat(Stock.snapshot(product)).isEqualTo(before);
        given().get(Stock.INCOMING + "/{id}", id).then().body("received", equalTo(0));
    }

    @Test
    void shouldRefuseALineDueInThePastAndCreateNoLevel() {
        Stock.expectIncoming(product, warehouse, 5, "2020-01-01T00:00:00Z").then().statusCode(400)
                .contentType("application/problem+json").body("errorType", equalTo("validation_error"))
                .body("errors[0].field", equalTo("expectedAt"));
        Stock.product(product).then().statusCode(404);
        assertThat(Db.movements(dataSource, product)).isZero();
    }

    @Test
    void shouldRefuseMalformedAndUnknownLinesAndWarehouses() {
        Stock.json().body(Map.of("productId", product, "warehouseId", warehouse, "quantity", -1, "expectedAt", MONDAY))
                .post(Stock.INCOMING).then().statusCode(400).body("errorType", equalTo("validation_error"));
        Stock.json().body(Map.of("productId", product, "warehouseId", warehouse, "quantity", 1, "expectedAt", "soon"))
                .post(Stock.INCOMING).then().statusCode(400).body("errorType", equalTo("validation_error"));
        Stock.json().body(Map.of("productId", product, "warehouseId", warehouse, "quantity", 1))
                .post(Stock.INCOMING).then().statusCode(400).body("errorType", equalTo("validation_error"));
        Stock.expectIncoming(product, Stock.warehouseId(), 5, MONDAY).then().statusCode(404)
                .body("errorType", equalTo("not_found"));
        given().get(Stock.INCOMING + "/{id}", UUID.randomUUID()).then().statusCode(404)
                .contentType("application/problem+json").body("errorType", equalTo("not_found"));
        given().get(Stock.INCOMING + "/not-a-uuid").then().statusCode(404);
        Stock.receive(UUID.randomUUID().toString(), 1).then().statusCode(404).body("errorType", equalTo("not_found"));
        given().post(Stock.INCOMING + "/{id}/cancel", UUID.randomUUID()).then().statusCode(404);
        Stock.product(product).then().statusCode(404);
    }

    @Test
    void shouldRefuseATakenIncomingIdAndReplayAnIdempotentRequest() {
        String id = UUID.randomUUID().toString();
        Map<String, Object> body = Map.of("incomingId", id, "productId", product, "warehouseId", warehouse,
                "quantity", 3, "expectedAt", MONDAY);
        String first = Stock.json().header("Idempotency-Key", "in-" + id).body(body).post(Stock.INCOMING).then()
                .statusCode(201).extract().asString();
        Stock.json().header("Idempotency-Key", "in-" + id).body(body).post(Stock.INCOMING).then().statusCode(201)
                .header("Idempotent-Replayed", "true").body(equalTo(first));
        Stock.json().body(body).post(Stock.INCOMING).then().statusCode(409).body("errorType", equalTo("already_exists"));
        Stock.json().header("Idempotency-Key", "rcv-" + id).body(Map.of("quantity", 1))
                .post(Stock.INCOMING + "/{id}/receive", id).then().statusCode(200);
        Stock.json().header("Idempotency-Key", "rcv-" + id).body(Map.of("quantity", 1))
                .post(Stock.INCOMING + "/{id}/receive", id).then().statusCode(200)
                .header("Idempotent-Replayed", "true").body("received", equalTo(1));

        Stock.product(product).then().body("onHand", equalTo(1)).body(level() + ".incoming", equalTo(2));
        assertThat(incomingEvents()).hasSize(2);
    }
}
