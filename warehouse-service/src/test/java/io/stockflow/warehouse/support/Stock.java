package io.stockflow.warehouse.support;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.Map;
import java.util.UUID;

/** Object mother: fresh ids per test (the test database is shared and never cleaned) and the calls tests repeat. */
public final class Stock {

    private Stock() {
    }

    public static String productId() {
        return "SKU-T" + UUID.randomUUID().toString().substring(0, 13);
    }

    /** Creates a new warehouse with a fresh id and returns the id. */
    public static String warehouse() {
        String id = "WH-T" + UUID.randomUUID().toString().substring(0, 13);
        given().contentType(ContentType.JSON).body(Map.of("warehouseId", id, "name", "Test " + id))
                .post("/v1/warehouses").then().statusCode(201);
        return id;
    }

    public static Map<String, Object> adjustment(String productId, String warehouseId, long delta) {
        return Map.of("productId", productId, "warehouseId", warehouseId, "delta", delta, "reason", "received");
    }

    public static Response adjust(String productId, String warehouseId, long delta) {
        return given().contentType(ContentType.JSON).body(adjustment(productId, warehouseId, delta))
                .post("/v1/inventory/adjustments");
    }

    /** A level holding {@code onHand} units, created through the API. */
    public static void stocked(String productId, String warehouseId, long onHand) {
        adjust(productId, warehouseId, onHand).then().statusCode(200);
    }

    public static Response reserve(Object body) {
        return given().contentType(ContentType.JSON).body(body).post("/v1/inventory/reservations");
    }
}
