package io.stockflow.warehouse;

import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.stockflow.testsupport.PostgresDatabase;
import io.stockflow.warehouse.support.FreshLevel;
import io.stockflow.warehouse.support.Stock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@QuarkusTest
@QuarkusTestResource(PostgresDatabase.class)
class SetAndThresholdTest extends FreshLevel {

    @Test
    void shouldSetOnHandWhenExpectedVersionMatches() {
        Stock.stocked(product, warehouse, 10);
        Stock.json().body(Map.of("onHand", 42, "reason", "cycle_count", "expectedVersion", 1))
                .put(Stock.LEVEL, product, warehouse).then().statusCode(200)
                .body("productId", equalTo(product))
                .body("warehouseId", equalTo(warehouse))
                .body("onHand", equalTo(42))
                .body("available", equalTo(42))
                .body("version", equalTo(2));
        Stock.movements(product).then().statusCode(200)
                .body("items[0].deltaOnHand", equalTo(32))
                .body("items[0].onHandAfter", equalTo(42))
                .body("items[0].reason", equalTo("cycle_count"));
    }

    @Test
    void shouldCreateLevelOnFirstSet() {
        Stock.set(product, warehouse, 7).then().statusCode(200).body("onHand", equalTo(7)).body("version", equalTo(1));
    }

    @ParameterizedTest
    @ValueSource(strings = { "\"3\"", "W/\"3\"" })
    void shouldTakeExpectedVersionFromIfMatch(String ifMatch) {
        Stock.stocked(product, warehouse, 10);
        Stock.adjust(product, warehouse, 1).then().statusCode(200);
        Stock.adjust(product, warehouse, 1).then().statusCode(200).body("version", equalTo(3));
        Stock.json().header("If-Match", ifMatch).body(Map.of("onHand", 5, "reason", "correction"))
                .put(Stock.LEVEL, product, warehouse).then().statusCode(200)
                .body("onHand", equalTo(5)).body("version", equalTo(4));
    }

    @Test
    void shouldAcceptIfMatchAgreeingWithExpectedVersion() {
        Stock.stocked(product, warehouse, 10);
        Stock.json().header("If-Match", "\"1\"").body(Map.of("onHand", 5, "reason", "correction", "expectedVersion", 1))
                .put(Stock.LEVEL, product, warehouse).then().statusCode(200).body("version", equalTo(2));
    }

    @Test
    void shouldRejectStaleExpectedVersionWithCurrentLevel() {
        Stock.stocked(product, warehouse, 10);
        Stock.adjust(product, warehouse, 2).then().statusCode(200);
        Stock.json().body(Map.of("onHand", 0, "reason", "correction", "expectedVersion", 1))
                .put(Stock.LEVEL, product, warehouse).then().statusCode(409)
                .contentType("application/problem+json")
                .body("errorType", equalTo("version_conflict"))
                .body("current.onHand", equalTo(12))
                .body("current.version", equalTo(2));
        Stock.product(product).then().body("onHand", equalTo(12)).body("warehouses[0].version", equalTo(2));
    }

    @Test
    void shouldRejectStaleIfMatch() {
        Stock.stocked(product, warehouse, 10);
        Stock.json().header("If-Match", "\"5\"").body(Map.of("onHand", 0, "reason", "correction"))
                .put(Stock.LEVEL, product, warehouse).then().statusCode(409)
                .body("errorType", equalTo("version_conflict"))
                .body("current.version", equalTo(1));
        Stock.product(product).then().body("onHand", equalTo(10));
    }

    @Test
    void shouldRefuseSetBelowReserved() {
        Stock.stocked(product, warehouse, 10);
        Stock.reserved(product, warehouse, 6);
        Stock.set(product, warehouse, 5).then().statusCode(409)
                .contentType("application/problem+json")
                .body("errorType", equalTo("insufficient_stock"))
                .body("current.onHand", equalTo(10))
                .body("current.reserved", equalTo(6))
                .body("current.version", equalTo(2));
        Stock.set(product, warehouse, 6).then().statusCode(200)
                .body("onHand", equalTo(6)).body("reserved", equalTo(6)).body("available", equalTo(0));
    }

    @Test
    void shouldChangeThresholdAndBumpVersion() {
        Stock.stocked(product, warehouse, 10);
        Stock.threshold(product, warehouse, 3).then().statusCode(200)
                .body("lowStockThreshold", equalTo(3))
                .body("onHand", equalTo(10))
                .body("version", equalTo(2));
        Stock.product(product).then().body("warehouses[0].lowStockThreshold", equalTo(3))
                .body("warehouses[0].version", equalTo(2));
        Stock.adjust(product, warehouse, 1).then().body("lowStockThreshold", equalTo(3)).body("version", equalTo(3));
    }
}
