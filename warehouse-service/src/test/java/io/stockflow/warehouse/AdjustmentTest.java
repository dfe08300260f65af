package io.stockflow.warehouse;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.stockflow.testsupport.PostgresDatabase;
import io.stockflow.warehouse.support.Stock;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(PostgresDatabase.class)
class AdjustmentTest {

    @Test
    void shouldCreateLevelAtVersionOneOnFirstAdjustment() {
        String product = Stock.productId();
        String warehouse = Stock.warehouse();
        Stock.adjust(product, warehouse, 25).then().statusCode(200)
                .body("productId", equalTo(product))
                .body("warehouseId", equalTo(warehouse))
                .body("onHand", equalTo(25))
                .body("reserved", equalTo(0))
                .body("available", equalTo(25))
                .body("version", equalTo(1))
                .body("lowStockThreshold", equalTo(10))
                .body("updatedAt", notNullValue());
    }

    @Test
    void shouldGrowVersionByExactlyOnePerChange() {
        String product = Stock.productId();
        String warehouse = Stock.warehouse();
        Stock.stocked(product, warehouse, 10);
        Stock.adjust(product, warehouse, -3).then().statusCode(200).body("onHand", equalTo(7)).body("version", equalTo(2));
        Stock.adjust(product, warehouse, 5).then().statusCode(200).body("onHand", equalTo(12)).body("version", equalTo(3));
    }

    @Test
    void shouldRefuseAdjustmentBelowZeroAndChangeNothing() {
        String product = Stock.productId();
        String warehouse = Stock.warehouse();
        Stock.stocked(product, warehouse, 4);
        Stock.adjust(product, warehouse, -5).then().statusCode(409)
                .contentType("application/problem+json")
                .body("errorType", equalTo("insufficient_stock"))
                .body("status", equalTo(409))
                .body("current.onHand", equalTo(4))
                .body("current.version", equalTo(1));
        given().get("/v1/inventory/product/" + product).then().statusCode(200)
                .body("onHand", equalTo(4)).body("warehouses[0].version", equalTo(1));
    }

    @Test
    void shouldRejectStaleExpectedVersion() {
        String product = Stock.productId();
        String warehouse = Stock.warehouse();
        Stock.stocked(product, warehouse, 4);
        given().contentType(ContentType.JSON)
                .body(Map.of("productId", product, "warehouseId", warehouse, "delta", 1, "reason", "correction",
                        "expectedVersion", 7))
                .post("/v1/inventory/adjustments").then().statusCode(409)
                .body("errorType", equalTo("version_conflict"))
                .body("current.version", equalTo(1));
        given().contentType(ContentType.JSON)
                .body(Map.of("productId", product, "warehouseId", warehouse, "delta", 1, "reason", "correction",
                        "expectedVersion", 1))
                .post("/v1/inventory/adjustments").then().statusCode(200).body("version", equalTo(2));
    }

    @Test
    void shouldAnswerNotFoundForUnknownWarehouse() {
        Stock.adjust(Stock.productId(), "WH-NOPE-" + System.nanoTime(), 5).then().statusCode(404)
                .contentType("application/problem+json")
                .body("errorType", equalTo("not_found"));
    }
}
