package io.stockflow.warehouse;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.stockflow.testsupport.PostgresDatabase;
import io.stockflow.warehouse.support.FreshLevel;
import io.stockflow.warehouse.support.Stock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Safety stock lowers available for selling; availability answers when a quantity can be promised. */
@QuarkusTest
@QuarkusTestResource(PostgresDatabase.class)
class AvailabilityToPromiseTest extends FreshLevel {

    static final String MONDAY = "2030-01-07T08:00:00Z";
    static final String FRIDAY = "2030-01-11T08:00:00Z";

    private String level() {
        return "warehouses.find { it.warehouseId == '" + warehouse + "' }";
    }

    @Test
    void shouldHoldSafetyStockBackFromAvailableButNotFromOnHand() {
        Stock.stocked(product, warehouse, 10);
        Stock.reserved(product, warehouse, 2);

        Stock.safetyStock(product, warehouse, 5).then().statusCode(200)
                .body("onHand", equalTo(10)).body("reserved", equalTo(2)).body("safetyStock", equalTo(5))
                .body("available", equalTo(3)).body("version", equalTo(3));
        Stock.product(product).then().body("onHand", equalTo(10)).body("available", equalTo(3))
                .body(level() + ".available", equalTo(3));
        Stock.json().body(Map.of("productIds", List.of(product))).post("/v1/batch/stock").then()
                .body("stocks." + product + ".available", equalTo(3));
        Stock.movements(product).then().body("items[0].type", equalTo("safety_stock"))
                .body("items[0].deltaOnHand", equalTo(0));

        Stock.safetyStock(product, warehouse, 50).then().statusCode(200).body("available", equalTo(0));
        Stock.product(product).then().body("available", equalTo(0)).body("onHand", equalTo(10));
    }

    @Test
    void shouldRefuseReservationsAndTransfersThatReachIntoSafetyStock() {
        String other = Stock.warehouse();
        Stock.stocked(product, warehouse, 10);
        Stock.safetyStock(product, warehouse, 6).then().statusCode(200);
        String before = Stock.snapshot(product);

        Stock.reserveLines(List.of(Stock.line(product, warehouse, 5))).then().statusCode(409)
                .body("errorType", equalTo("insufficient_stock"));
        Stock.transfer(product, warehouse, other, 5).then().statusCode(409)
                .body("errorType", equalTo("insufficient_stock"));
        assertThat(Stock.snapshot(product)).isEqualTo(before);

        Stock.reserveLines(List.of(Stock.line(product, null, 4))).then().statusCode(201);
        Stock.product(product).then().body("available", equalTo(0)).body("reserved", equalTo(4));
    }

    @Test
    void shouldRefuseNegativeOrMissingSafetyStockAndUnknownWarehouses() {
        Stock.stocked(product, warehouse, 10);
        String before = Stock.snapshot(product);

        Stock.safetyStock(product, warehouse, -1).then().statusCode(400).contentType("application/problem+json")
                .body("errorType", equalTo("validation_error"));
        Stock.json().body(Map.of()).put(Stock.LEVEL + "/safety-stock", product, warehouse).then().statusCode(400);
        Stock.safetyStock(product, Stock.warehouseId(), 1).then().statusCode(404).body("errorType", equalTo("not_found"));

        assertThat(Stock.snapshot(product)).isEqualTo(before);
    }

    @Test
    void shouldPromiseQuantitiesBelowAtAndBeyondWhatWillArrive() {
        String second = Stock.warehouse();
        Stock.stocked(product, warehouse, 5);
        Stock.safetyStock(product, warehouse, 2).then().statusCode(200);
        Stock.incoming(product, warehouse, 10, MONDAY);
        Stock.incoming(product, second, 5, FRIDAY);

        Stock.availability(product, 3).then().statusCode(200)
                .body("productId", equalTo(product)).body("available", equalTo(3))
                .body("timeline.size()", equalTo(2))
                .body("timeline[0].date", equalTo(MONDAY)).body("timeline[0].available", equalTo(13))
                .body("timeline[1].date", equalTo(FRIDAY)).body("timeline[1].available", equalTo(18))
                .body("promiseDate", notNullValue());
        String now = Stock.availability(product, 3).then().extract().path("promiseDate");
        assertThat(Instant.parse(now)).isBefore(Instant.parse(MONDAY));
        Stock.availability(product, 4).then().body("promiseDate", equalTo(MONDAY));
        Stock.availability(product, 18).then().body("promiseDate", equalTo(FRIDAY));
        Stock.availability(product, 19).then().body("promiseDate", nullValue());
        given().queryParam("quantity", 6).queryParam("warehouseId", second)
                .get("/v1/inventory/product/{id}/availability", product).then().statusCode(200)
                .body("available", equalTo(0)).body("timeline.size()", equalTo(1))
                .body("timeline[0].available", equalTo(5)).body("promiseDate", nullValue());
    }

    @Test
    void shouldGiveBackAReservationThatExpiresBeforeADate() {
        Stock.stocked(product, warehouse, 4);
        Stock.reserve(Map.of("lines", List.of(Stock.line(product, warehouse, 3)), "ttlSeconds", 3600))
                .then().statusCode(201);

        Stock.availability(product, 4).then().statusCode(200).body("available", equalTo(1))
                .body("timeline.size()", equalTo(1)).body("timeline[0].available", equalTo(4))
                .body("promiseDate", equalTo(Stock.availability(product, 4).then().extract().path("timeline[0].date")));
    }

    @Test
    void shouldRefuseABadQuantityAndUnknownProductsOrWarehouses() {
        Stock.stocked(product, warehouse, 1);
        Stock.availability(product, 0).then().statusCode(400).body("errorType", equalTo("validation_error"));
        given().queryParam("quantity", "x").get("/v1/inventory/product/{id}/availability", product).then()
                .statusCode(400).body("errorType", equalTo("validation_error"));
        Stock.availability(Stock.productId(), 1).then().statusCode(404).body("errorType", equalTo("not_found"));
        given().queryParam("warehouseId", Stock.warehouseId()).get("/v1/inventory/product/{id}/availability", product)
                .then().statusCode(404).body("errorType", equalTo("not_found"));
        given().get("/v1/inventory/product/{id}/availability", product).then().statusCode(200)
                .body("available", equalTo(1)).body("promiseDate", notNullValue());
    }
}
