package io.stockflow.warehouse;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.stockflow.events.ReservationExtended;
import io.stockflow.events.StockEvents;
import io.stockflow.testsupport.PostgresDatabase;
import io.stockflow.warehouse.support.Db;
import io.stockflow.warehouse.support.FreshLevel;
import io.stockflow.warehouse.support.Stock;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** POST /v1/inventory/reservations/{id}/extend: a lease, in the ledger and the events, and its refusals. */
@QuarkusTest
@QuarkusTestResource(PostgresDatabase.class)
class ReservationLeaseTest extends FreshLevel {

    @Inject
    AgroalDataSource dataSource;

    @Test
    void anExtensionMovesTheExpiryCountsItAndIsInTheLedgerAndTheEvents() {
        String other = Stock.warehouse();
        Stock.stocked(product, warehouse, 10);
        Stock.stocked(product, other, 10);
        String id = Stock.reserve(Map.of("lines", List.of(Stock.line(product, null, 15)), "ttlSeconds", 60,
                "reference", "cart-5")).then().statusCode(201).extract().path("reservationId");
        Instant before = Instant.parse(Stock.reservation(id).then().body("extensions", equalTo(0)).extract().path("expiresAt"));

        String expiresAt = Stock.extend(id, 3600).then().statusCode(200)
                .body("status", equalTo("active"))
                .body("extensions", equalTo(1))
                .extract().path("expiresAt");
        assertThat(Instant.parse(expiresAt)).isAfter(before.plusSeconds(3000));
        Stock.reservation(id).then().body("expiresAt", equalTo(expiresAt)).body("extensions", equalTo(1));

        // every level of it: version moved, quantities not; one ledger entry each
        Stock.product(product).then().body("reserved", equalTo(15))
                .body("warehouses.find { it.warehouseId == '" + warehouse + "' }.version", equalTo(3))
                .body("warehouses.find { it.warehouseId == '" + other + "' }.version", equalTo(3));
        Stock.movements(product).then()
                .body("items[0].type", equalTo("extended"))
                .body("items[0].deltaOnHand", equalTo(0))
                .body("items[0].deltaReserved", equalTo(0))
                .body("items[0].reason", equalTo("extended"))
                .body("items[0].reference", equalTo("cart-5"))
                .body("items[1].type", equalTo("extended"));
        List<Db.OutboxRow> rows = Db.outbox(dataSource, product);
        Db.OutboxRow last = rows.get(rows.size() - 1);
        assertThat(last.type()).isEqualTo("warehouse.stock.reservation_extended");
        ReservationExtended event = (ReservationExtended) StockEvents.parse(last.type(),
                last.data().getBytes(StandardCharsets.UTF_8));
        assertThat(event.reservationId().toString()).isEqualTo(id);
        assertThat(event.quantity()).isEqualTo(15);
        assertThat(event.expiresAt()).isEqualTo(Instant.parse(expiresAt));
        assertThat(event.extensions()).isEqualTo(1);
        assertThat(event.levels()).extracting(l -> l.version()).containsOnly(3L);
        given().queryParam("productId", product).get("/v1/admin/ledger/verify").then()
                .body("consistent", equalTo(true));
    }

    @Test
    void aLeaseThatWouldEndSoonerChangesNothing() {
        Stock.stocked(product, warehouse, 10);
        String id = Stock.reserve(Map.of("lines", List.of(Stock.line(product, warehouse, 2)), "ttlSeconds", 3600))
                .then().statusCode(201).extract().path("reservationId");
        String before = Stock.snapshot(product);
        String expiresAt = Stock.reservation(id).then().extract().path("expiresAt");

        Stock.extend(id, 60).then().statusCode(200).body("expiresAt", equalTo(expiresAt)).body("extensions", equalTo(0));

        assertThat(Stock.snapshot(product)).isEqualTo(before);
    }

    @Test
    void anEndedReservationRefusesWith409AndNothingChanges() {
        Stock.stocked(product, warehouse, 10);
        String released = Stock.reserved(product, warehouse, 2);
        Stock.release(released).then().statusCode(200);
        String committed = Stock.reserved(product, warehouse, 3);
        Stock.commit(committed).then().statusCode(200);
        String before = Stock.snapshot(product);

        for (String id : List.of(released, committed)) {
            Stock.extend(id, 600).then().statusCode(409).contentType("application/problem+json")
                    .body("errorType", equalTo("reservation_not_active"));
        }
        assertThat(Stock.snapshot(product)).isEqualTo(before);
    }

    @Test
    void anExpiredReservationRefusesWith409() {
        Stock.stocked(product, warehouse, 10);
        String id = Stock.reserve(Map.of("lines", List.of(Stock.line(product, warehouse, 4)), "ttlSeconds", 1))
                .then().statusCode(201).extract().path("reservationId");
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                Stock.reservation(id).then().body("status", equalTo("expired")));
        String before = Stock.snapshot(product);

        Stock.extend(id, 600).then().statusCode(409).contentType("application/problem+json")
                .body("errorType", equalTo("reservation_not_active"))
                .body("detail", org.hamcrest.Matchers.containsString("expired"));
        assertThat(Stock.snapshot(product)).isEqualTo(before);
    }

    @Test
    void badInputAnswers4xxProblemAndChangesNothing() {
        Stock.stocked(product, warehouse, 10);
        String id = Stock.reserved(product, warehouse, 2);
        String before = Stock.snapshot(product);
        String reservation = Stock.reservation(id).then().extract().asString();

        for (Object ttl : new Object[] { 0, -5, 1.5, "soon", null, 7 * 24 * 3600 + 1 }) {
            Stock.extend(id, ttl).then().statusCode(400).contentType("application/problem+json")
                    .body("errorType", equalTo("validation_error"))
                    .body("errors[0].field", equalTo("ttlSeconds"));
        }
        given().contentType(ContentType.JSON).body("{\"ttlSeconds\":60,\"ttlSeconds\":90}")
                .post(Stock.RESERVATIONS + "/{id}/extend", id).then().statusCode(400);
        given().contentType(ContentType.JSON).body("[").post(Stock.RESERVATIONS + "/{id}/extend", id)
                .then().statusCode(400).contentType("application/problem+json");
        Stock.extend(UUID.randomUUID().toString(), 60).then().statusCode(404).body("errorType", equalTo("not_found"));
        Stock.extend("not-a-uuid", 60).then().statusCode(404).contentType("application/problem+json");

        assertThat(Stock.snapshot(product)).isEqualTo(before);
        assertThat(Stock.reservation(id).then().extract().asString()).isEqualTo(reservation);
    }

    @Test
    void theSameIdempotencyKeyExtendsOnceAndReplays() {
        Stock.stocked(product, warehouse, 10);
        String id = Stock.reserved(product, warehouse, 2);
        String key = "lease-" + UUID.randomUUID();

        String first = Stock.json().header("Idempotency-Key", key).body(Map.of("ttlSeconds", 7200))
                .post(Stock.RESERVATIONS + "/{id}/extend", id).then().statusCode(200)
                .body("extensions", equalTo(1)).extract().asString();
        String snapshot = Stock.snapshot(product);
        Stock.json().header("Idempotency-Key", key).body(Map.of("ttlSeconds", 7200))
                .post(Stock.RESERVATIONS + "/{id}/extend", id).then().statusCode(200)
                .header("Idempotent-Replayed", "true").body(equalTo(first));
        Stock.json().header("Idempotency-Key", key).body(Map.of("ttlSeconds", 7300))
                .post(Stock.RESERVATIONS + "/{id}/extend", id).then().statusCode(422)
                .body("errorType", equalTo("idempotency_key_reuse"));

        assertThat(Stock.snapshot(product)).isEqualTo(snapshot);
        Stock.reservation(id).then().body("extensions", equalTo(1));
    }
}
