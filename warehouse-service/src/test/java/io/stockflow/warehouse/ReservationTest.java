package io.stockflow.warehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.stockflow.testsupport.PostgresDatabase;
import io.stockflow.warehouse.support.FreshLevel;
import io.stockflow.warehouse.support.Stock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(PostgresDatabase.class)
class ReservationTest extends FreshLevel {

    @Test
    void shouldReserveInTheNamedWarehouse() {
        String first = Stock.warehouse();
        String second = Stock.warehouse();
        Stock.stocked(product, first, 10);
        Stock.stocked(product, second, 10);
        Stock.reserve(Map.of("lines", List.of(Stock.line(product, second, 4)), "reference", "order-1"))
                .then().statusCode(201)
                .body("reservationId", notNullValue())
                .body("status", equalTo("active"))
                .body("expiresAt", notNullValue())
                .body("allocations.size()", equalTo(1))
                .body("allocations[0].productId", equalTo(product))
                .body("allocations[0].warehouseId", equalTo(second))
                .body("allocations[0].quantity", equalTo(4));
        Stock.product(product).then()
                .body("reserved", equalTo(4))
                .body("available", equalTo(16))
                .body(level(first) + ".reserved", equalTo(0))
                .body(level(second) + ".reserved", equalTo(4))
                .body(level(second) + ".available", equalTo(6))
                .body(level(second) + ".version", equalTo(2));
    }

    @Test
    void shouldAllocateFromTheWarehouseWithMostAvailable() {
        String small = Stock.warehouse();
        String large = Stock.warehouse();
        Stock.stocked(product, small, 5);
        Stock.stocked(product, large, 12);
        Stock.reserveLines(List.of(Stock.line(product, null, 3))).then().statusCode(201)
                .body("allocations.size()", equalTo(1))
                .body("allocations[0].warehouseId", equalTo(large))
                .body("allocations[0].quantity", equalTo(3));
    }

    @Test
    void shouldSplitAcrossWarehousesWhenOneIsNotEnough() {
        String small = Stock.warehouse();
        String large = Stock.warehouse();
        Stock.stocked(product, small, 5);
        Stock.stocked(product, large, 12);
        Stock.reserveLines(List.of(Stock.line(product, null, 15))).then().statusCode(201)
                .body("allocations.size()", equalTo(2))
                .body("allocations.find { it.warehouseId == '" + large + "' }.quantity", equalTo(12))
                .body("allocations.find { it.warehouseId == '" + small + "' }.quantity", equalTo(3));
        Stock.product(product).then().body("reserved", equalTo(15)).body("available", equalTo(2));
    }

    @Test
    void shouldSumDemandForOneProductAcrossLinesBeforeChecking() {
        Stock.stocked(product, warehouse, 10);
        String before = Stock.snapshot(product);
        Stock.reserveLines(List.of(Stock.line(product, warehouse, 6), Stock.line(product, warehouse, 6)))
                .then().statusCode(409)
                .contentType("application/problem+json")
                .body("errorType", equalTo("insufficient_stock"));
        Stock.reserveLines(List.of(Stock.line(product, null, 6), Stock.line(product, null, 6)))
                .then().statusCode(409).body("errorType", equalTo("insufficient_stock"));
        Stock.reserveLines(List.of(Stock.line(product, warehouse, 6), Stock.line(product, null, 6)))
                .then().statusCode(409).body("errorType", equalTo("insufficient_stock"));
        assertThat(Stock.snapshot(product)).isEqualTo(before);
        Stock.reserveLines(List.of(Stock.line(product, warehouse, 6), Stock.line(product, null, 4)))
                .then().statusCode(201);
        Stock.product(product).then().body("reserved", equalTo(10)).body("available", equalTo(0));
    }

    @Test
    void shouldReserveAllProductsOrNone() {
        String plenty = Stock.productId();
        String scarce = Stock.productId();
        Stock.stocked(plenty, warehouse, 10);
        Stock.stocked(scarce, warehouse, 2);
        String plentyBefore = Stock.snapshot(plenty);
        String scarceBefore = Stock.snapshot(scarce);
        Stock.reserveLines(List.of(Stock.line(plenty, warehouse, 5), Stock.line(scarce, null, 3)))
                .then().statusCode(409).body("errorType", equalTo("insufficient_stock"));
        assertThat(Stock.snapshot(plenty)).isEqualTo(plentyBefore);
        assertThat(Stock.snapshot(scarce)).isEqualTo(scarceBefore);
    }

    @Test
    void shouldReadTheReservation() {
        Stock.stocked(product, warehouse, 10);
        String id = Stock.reserved(product, warehouse, 2);
        Stock.reservation(id).then().statusCode(200)
                .body("reservationId", equalTo(id))
                .body("status", equalTo("active"))
                .body("expiresAt", notNullValue())
                .body("allocations[0].warehouseId", equalTo(warehouse))
                .body("allocations[0].quantity", equalTo(2));
    }

    @Test
    void shouldKeepTheClientsReservationIdAndRefuseItTwice() {
        Stock.stocked(product, warehouse, 10);
        String id = UUID.randomUUID().toString();
        Map<String, Object> body = Map.of("reservationId", id, "lines", List.of(Stock.line(product, warehouse, 1)));
        Stock.reserve(body).then().statusCode(201).body("reservationId", equalTo(id));
        Stock.reserve(body).then().statusCode(409).contentType("application/problem+json");
        Stock.product(product).then().body("reserved", equalTo(1));
    }

    @Test
    void shouldReleaseAndGiveTheUnitsBack() {
        Stock.stocked(product, warehouse, 10);
        String id = Stock.reserved(product, warehouse, 4);
        Stock.release(id).then().statusCode(200)
                .body("reservationId", equalTo(id))
                .body("status", equalTo("released"));
        Stock.product(product).then().body("onHand", equalTo(10)).body("reserved", equalTo(0))
                .body("warehouses[0].version", equalTo(3));
        Stock.reservation(id).then().body("status", equalTo("released"));
    }

    @Test
    void shouldAnswerAReleasedReservationAsItIsWhenReleasedAgain() {
        Stock.stocked(product, warehouse, 10);
        String id = Stock.reserved(product, warehouse, 4);
        Stock.release(id).then().statusCode(200);
        String before = Stock.snapshot(product);
        Stock.release(id).then().statusCode(200).body("status", equalTo("released"));
        assertThat(Stock.snapshot(product)).isEqualTo(before);
    }

    @Test
    void shouldCommitSoTheGoodsLeave() {
        Stock.stocked(product, warehouse, 10);
        String id = Stock.reserved(product, warehouse, 4);
        Stock.commit(id).then().statusCode(200).body("status", equalTo("committed"));
        Stock.product(product).then()
                .body("onHand", equalTo(6))
                .body("reserved", equalTo(0))
                .body("available", equalTo(6))
                .body("warehouses[0].version", equalTo(3));
        Stock.movements(product).then()
                .body("items[0].deltaOnHand", equalTo(-4))
                .body("items[0].deltaReserved", equalTo(-4))
                .body("items[0].reason", equalTo("sold"));
    }

    @Test
    void shouldRefuseToEndAReservationThatIsNoLongerActive() {
        Stock.stocked(product, warehouse, 10);
        String released = Stock.reserved(product, warehouse, 2);
        Stock.release(released).then().statusCode(200);
        String committed = Stock.reserved(product, warehouse, 3);
        Stock.commit(committed).then().statusCode(200);
        String before = Stock.snapshot(product);

        Stock.commit(released).then().statusCode(409)
                .contentType("application/problem+json")
                .body("errorType", equalTo("reservation_not_active"));
        Stock.release(committed).then().statusCode(409).body("errorType", equalTo("reservation_not_active"));
        Stock.commit(committed).then().statusCode(409).body("errorType", equalTo("reservation_not_active"));
        assertThat(Stock.snapshot(product)).isEqualTo(before);
        Stock.product(product).then().body("onHand", equalTo(7)).body("reserved", equalTo(0));
    }

    @Test
    void shouldExpireAReservationByItself() {
        Stock.stocked(product, warehouse, 10);
        String id = Stock.reserve(Map.of("lines", List.of(Stock.line(product, warehouse, 4)), "ttlSeconds", 1))
                .then().statusCode(201).extract().path("reservationId");
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                Stock.reservation(id).then().statusCode(200).body("status", equalTo("expired")));
        Stock.product(product).then().body("reserved", equalTo(0)).body("available", equalTo(10));
        Stock.movements(product).then().body("items[0].deltaReserved", equalTo(-4))
                .body("items[0].reason", equalTo("expired"));
        Stock.release(id).then().statusCode(409).body("errorType", equalTo("reservation_not_active"));
    }

    private static String level(String warehouseId) {
        return "warehouses.find { it.warehouseId == '" + warehouseId + "' }";
    }
}
