package io.stockflow.warehouse.support;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Object mother: fresh ids per test (the test database is shared and never cleaned) and the calls tests repeat. */
public final class Stock {

    public static final String LEVEL = "/v1/inventory/{productId}/warehouses/{warehouseId}";
    public static final String RESERVATIONS = "/v1/inventory/reservations";

    private Stock() {
    }

    public static String productId() {
        return "SKU-T" + UUID.randomUUID().toString().substring(0, 13);
    }

    /** A fresh warehouse id, not created yet. */
    public static String warehouseId() {
        return "WH-T" + UUID.randomUUID().toString().substring(0, 13);
    }

    /** Creates a new warehouse with a fresh id and returns the id. */
    public static String warehouse() {
        String id = warehouseId();
        createWarehouse(id);
        return id;
    }

    public static void createWarehouse(String id) {
        json().body(Map.of("warehouseId", id, "name", "Test " + id)).post("/v1/warehouses").then().statusCode(201);
    }

    public static RequestSpecification json() {
        return given().contentType(ContentType.JSON);
    }

    public static Map<String, Object> adjustment(String productId, String warehouseId, long delta) {
        return Map.of("productId", productId, "warehouseId", warehouseId, "delta", delta, "reason", "received");
    }

    public static Response adjust(String productId, String warehouseId, long delta) {
        return json().body(adjustment(productId, warehouseId, delta)).post("/v1/inventory/adjustments");
    }

    /** A level holding {@code onHand} units, created through the API. */
    public static void stocked(String productId, String warehouseId, long onHand) {
        adjust(productId, warehouseId, onHand).then().statusCode(200);
    }

    public static Response adjustBatch(boolean atomic, List<Map<String, Object>> lines) {
        return json().body(Map.of("adjustments", lines, "atomic", atomic)).post("/v1/inventory/adjustments/batch");
    }

    /** PUT the level's onHand (reason cycle_count), with no version check. */
    public static Response set(String productId, String warehouseId, long onHand) {
        return json().body(Map.of("onHand", onHand, "reason", "cycle_count")).put(LEVEL, productId, warehouseId);
    }

    public static Response threshold(String productId, String warehouseId, long threshold) {
        return json().body(Map.of("lowStockThreshold", threshold)).put(LEVEL + "/threshold", productId, warehouseId);
    }

    public static Response transfer(String productId, String from, String to, long quantity) {
        return json().body(Map.of("productId", productId, "fromWarehouseId", from, "toWarehouseId", to,
                "quantity", quantity)).post("/v1/inventory/transfers");
    }

    /** A reservation line; a null warehouse lets the service allocate. */
    public static Map<String, Object> line(String productId, String warehouseId, long quantity) {
        Map<String, Object> line = new HashMap<>();
        line.put("productId", productId);
        if (warehouseId != null) {
            line.put("warehouseId", warehouseId);
        }
        line.put("quantity", quantity);
        return line;
    }

    public static Response reserve(Object body) {
        return json().body(body).post(RESERVATIONS);
    }

    public static Response reserveLines(List<Map<String, Object>> lines) {
        return reserve(Map.of("lines", lines));
    }

    /** Reserves and returns the new reservation's id. */
    public static String reserved(String productId, String warehouseId, long quantity) {
        return reserveLines(List.of(line(productId, warehouseId, quantity))).then().statusCode(201)
                .extract().path("reservationId");
    }

    public static Response reservation(String reservationId) {
        return given().get(RESERVATIONS + "/{id}", reservationId);
    }

    public static Response release(String reservationId) {
        return given().post(RESERVATIONS + "/{id}/release", reservationId);
    }

    public static Response commit(String reservationId) {
        return given().post(RESERVATIONS + "/{id}/commit", reservationId);
    }

    public static Response extend(String reservationId, Object ttlSeconds) {
        Map<String, Object> body = new HashMap<>();
        body.put("ttlSeconds", ttlSeconds);
        return json().body(body).post(RESERVATIONS + "/{id}/extend", reservationId);
    }

    public static final String INCOMING = "/v1/inventory/incoming";

    /** An incoming line of {@code quantity} units due at {@code expectedAt} (RFC 3339), reference PO-1. */
    public static Response expectIncoming(String productId, String warehouseId, long quantity, String expectedAt) {
        return json().body(Map.of("productId", productId, "warehouseId", warehouseId, "quantity", quantity,
                "expectedAt", expectedAt, "reference", "PO-1")).post(INCOMING);
    }

    /** Expects a line and returns its id. */
    public static String incoming(String productId, String warehouseId, long quantity, String expectedAt) {
        return expectIncoming(productId, warehouseId, quantity, expectedAt).then().statusCode(201)
                .extract().path("incomingId");
    }

    public static Response receive(String incomingId, long quantity) {
        return json().body(Map.of("quantity", quantity)).post(INCOMING + "/{id}/receive", incomingId);
    }

    public static Response safetyStock(String productId, String warehouseId, long units) {
        return json().body(Map.of("safetyStock", units)).put(LEVEL + "/safety-stock", productId, warehouseId);
    }

    public static Response availability(String productId, long quantity) {
        return given().queryParam("quantity", quantity).get("/v1/inventory/product/{id}/availability", productId);
    }

    public static Response product(String productId) {
        return given().get("/v1/inventory/product/{id}", productId);
    }

    public static Response movements(String productId) {
        return given().get("/v1/inventory/product/{id}/movements", productId);
    }

    /** The product's totals, levels and whole ledger as JSON text: equal before and after means nothing changed. */
    public static String snapshot(String productId) {
        return product(productId).then().statusCode(200).extract().asString() + "\n"
                + given().queryParam("limit", 1000).get("/v1/inventory/product/{id}/movements", productId)
                        .then().statusCode(200).extract().asString();
    }
}
