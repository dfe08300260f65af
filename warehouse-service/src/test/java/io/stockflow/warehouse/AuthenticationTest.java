package io.stockflow.warehouse;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.stockflow.testsupport.PostgresDatabase;
import io.stockflow.testsupport.TestKeys;
import io.stockflow.warehouse.support.Stock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Authentication is on by default: no key or an unknown one gets 401, a key whose role does not
 * allow the request 403, both problem+json, and neither changes anything. Roles nest: admin may do
 * everything, write includes read, a service key reads (bulk stock, recently-updated).
 */
@QuarkusTest
@QuarkusTestResource(PostgresDatabase.class)
class AuthenticationTest {

    private String product;
    private String warehouse;

    @BeforeEach
    void stockedLevel() {
        product = Stock.productId();
        warehouse = Stock.warehouse();
        Stock.stocked(product, warehouse, 10);
    }

    @Test
    void shouldRefuseRequestWithoutKeyWith401Problem() {
        unauthorized(as(TestKeys.NO_KEY).get("/v1/warehouses"))
                .header("WWW-Authenticate", containsString("X-API-Key"))
                .body("detail", containsString("X-API-Key"));
        unauthorized(as(TestKeys.NO_KEY).body(Stock.adjustment(product, warehouse, 5)).post("/v1/inventory/adjustments"));
        unauthorized(as(TestKeys.NO_KEY).get("/v1/admin/ledger/verify?productId=" + product));
        assertUnchanged();
    }

    @Test
    void shouldRefuseUnknownKeyWith401Problem() {
        unauthorized(as("not-a-key").get("/v1/inventory/product/" + product)).body("detail", equalTo("the API key is not valid"));
        unauthorized(as(TestKeys.WRITE.substring(0, 8)).body(Stock.adjustment(product, warehouse, 5)).post("/v1/inventory/adjustments"));
        assertUnchanged();
    }

    @Test
    void shouldRefuseWriteKeyOnAdminPathsWith403Problem() {
        forbidden(as(TestKeys.WRITE).get("/v1/admin/ledger/verify?productId=" + product))
                .body("detail", containsString("test-writer"));
        forbidden(as(TestKeys.LEGACY_WRITE).body(Map.of("warehouses", 1, "products", 1)).post("/v1/admin/demo-data"));
        forbidden(as(TestKeys.SERVICE).get("/v1/admin/ledger/verify?productId=" + product));
        as(TestKeys.ADMIN).get("/v1/admin/ledger/verify?productId=" + product).then().statusCode(200);
        as(TestKeys.LEGACY_ADMIN).get("/v1/admin/ledger/verify?productId=" + product).then().statusCode(200);
    }

    @Test
    void shouldRefuseReadKeyOnEveryCommandAndChangeNothing() {
        String level = "/v1/inventory/" + product + "/warehouses/" + warehouse;
        forbidden(as(TestKeys.READ).body(Stock.adjustment(product, warehouse, 5)).post("/v1/inventory/adjustments"));
        forbidden(as(TestKeys.READ).body(Map.of("adjustments", List.of(Stock.adjustment(product, warehouse, 5))))
                .post("/v1/inventory/adjustments/batch"));
        forbidden(as(TestKeys.READ).body(Map.of("onHand", 99, "reason", "correction")).put(level));
        forbidden(as(TestKeys.READ).body(Map.of("lowStockThreshold", 3)).put(level + "/threshold"));
        forbidden(as(TestKeys.READ).body(Map.of("lines", List.of(Stock.line(product, warehouse, 1))))
                .post("/v1/inventory/reservations"));
        forbidden(as(TestKeys.READ).body(Map.of("warehouseId", Stock.warehouseId(), "name", "x")).post("/v1/warehouses"));
        forbidden(as(TestKeys.SERVICE).body(Stock.adjustment(product, warehouse, 5)).post("/v1/inventory/adjustments"));
        forbidden(as(TestKeys.INGEST).body(Stock.adjustment(product, warehouse, 5)).post("/v1/inventory/adjustments"));
        assertUnchanged();
    }

    @Test
    void shouldLetReadKeyReadButNotIngestKey() {
        as(TestKeys.READ).get("/v1/inventory/product/" + product).then().statusCode(200).body("onHand", equalTo(10));
        as(TestKeys.READ).get("/v1/warehouses").then().statusCode(200);
        as(TestKeys.READ).get("/v1/inventory/product/" + product + "/movements").then().statusCode(200);
        as(TestKeys.READ).body(Map.of("productIds", List.of(product))).post("/v1/batch/stock").then().statusCode(200);
        forbidden(as(TestKeys.INGEST).get("/v1/inventory/product/" + product));
    }

    @Test
    void shouldLetServiceKeyReadWhatTheCatalogNeeds() {
        as(TestKeys.SERVICE).body(Map.of("productIds", List.of(product), "includeWarehouses", true))
                .post("/v1/batch/stock").then().statusCode(200)
                .body("stocks." + product + ".onHand", equalTo(10));
        as(TestKeys.SERVICE).body(Map.of("limit", 10)).post("/v1/inventory/recently-updated").then().statusCode(200);
        as(TestKeys.SERVICE).get("/v1/inventory/product/" + product).then().statusCode(200);
    }

    @Test
    void shouldLetWriteAndAdminKeysRunCommands() {
        as(TestKeys.WRITE).body(Stock.adjustment(product, warehouse, 5)).post("/v1/inventory/adjustments")
                .then().statusCode(200).body("onHand", equalTo(15));
        as(TestKeys.LEGACY_WRITE).body(Stock.adjustment(product, warehouse, 1)).post("/v1/inventory/adjustments")
                .then().statusCode(200).body("onHand", equalTo(16));
        as(TestKeys.ADMIN).body(Stock.adjustment(product, warehouse, 1)).post("/v1/inventory/adjustments")
                .then().statusCode(200).body("onHand", equalTo(17));
        Stock.movements(product).then().body("items.actor", org.hamcrest.Matchers.contains(
                TestKeys.ADMIN_PRINCIPAL, "api-key-1", TestKeys.WRITE_PRINCIPAL, TestKeys.ADMIN_PRINCIPAL));
    }

    @Test
    void shouldServeOpenApiOnlyWithKey() {
        unauthorized(as(TestKeys.NO_KEY).get("/q/openapi"));
        String document = as(TestKeys.READ).get("/q/openapi").then().statusCode(200).extract().asString();
        assertThat(document).contains("/v1/inventory/adjustments", "X-API-Key");
    }

    @Test
    void shouldAnswerUnknownPathsOnlyWithKey() {
        unauthorized(as(TestKeys.NO_KEY).get("/v1/nothing-here"));
        as(TestKeys.READ).get("/v1/nothing-here").then().statusCode(404);
    }

    private static io.restassured.specification.RequestSpecification as(String key) {
        return given().contentType(ContentType.JSON).header(TestKeys.HEADER, key);
    }

    private static ValidatableResponse unauthorized(io.restassured.response.Response response) {
        return response.then().statusCode(401).contentType("application/problem+json")
                .body("status", equalTo(401)).body("errorType", equalTo("unauthorized"))
                .body("type", equalTo("urn:stockflow:problem:unauthorized")).body("title", equalTo("Unauthorized"));
    }

    private static ValidatableResponse forbidden(io.restassured.response.Response response) {
        return response.then().statusCode(403).contentType("application/problem+json")
                .body("status", equalTo(403)).body("errorType", equalTo("forbidden"))
                .body("type", equalTo("urn:stockflow:problem:forbidden")).body("title", equalTo("Forbidden"));
    }

    private void assertUnchanged() {
        Stock.product(product).then().statusCode(200).body("onHand", equalTo(10))
                .body("warehouses[0].version", equalTo(1));
        Stock.movements(product).then().body("items.size()", equalTo(1));
    }
}
