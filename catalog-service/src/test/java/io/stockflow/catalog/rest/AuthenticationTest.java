package io.stockflow.catalog.rest;

import static io.restassured.RestAssured.given;
import static io.stockflow.catalog.support.Levels.level;
import static io.stockflow.catalog.support.Levels.newProductId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.cloudevents.CloudEvent;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.stockflow.catalog.stock.StockReader;
import io.stockflow.catalog.stock.StockStore;
import io.stockflow.catalog.support.Events;
import io.stockflow.catalog.support.FakeWarehouse;
import io.stockflow.catalog.support.Products;
import io.stockflow.catalog.support.Stocks;
import io.stockflow.testsupport.TestKeys;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Authentication is on by default: no key or an unknown one gets 401, a key whose role does not allow
 * the request 403, both problem+json. Reads take a read key (write and admin include it), admin paths
 * an admin key, the push endpoint an ingest (or admin) key; the catalog calls the warehouse with its
 * own service key.
 */
@QuarkusTest
class AuthenticationTest {

    @Inject
    StockStore store;

    @Inject
    StockReader reader;

    @Test
    void shouldRefuseRequestsWithoutKeyWith401Problem() {
        String product = newProductId();
        unauthorized(as(TestKeys.NO_KEY).get("/v1/products/" + product)).body("detail", containsString("X-API-Key"));
        unauthorized(as(TestKeys.NO_KEY).get("/v1/products?limit=1"));
        unauthorized(as(TestKeys.NO_KEY).body(Map.of("productIds", List.of(product))).post("/v1/products/batch"));
        unauthorized(as(TestKeys.NO_KEY).body(Map.of("products", List.of(Products.product(product, "auth"))))
                .post("/v1/admin/products"));
        unauthorized(push(TestKeys.NO_KEY, Events.adjusted(level(product, "WH-1", 999_999, 0, 99))));
        unauthorized(as(TestKeys.NO_KEY).get("/q/openapi"));
        assertThat(Stocks.stored(reader, product)).isEmpty();
        as(TestKeys.ADMIN).get("/v1/products/" + product).then().statusCode(404);
    }

    @Test
    void shouldRefuseUnknownKeyWith401Problem() {
        unauthorized(as("guessed").get("/v1/products?limit=1")).body("detail", equalTo("the API key is not valid"));
        unauthorized(as(TestKeys.INGEST.toUpperCase()).get("/v1/products?limit=1"));
    }

    @Test
    void shouldLetReadWriteAndAdminKeysRead() {
        for (String key : List.of(TestKeys.READ, TestKeys.WRITE, TestKeys.ADMIN, TestKeys.LEGACY_WRITE)) {
            as(key).get("/v1/products?limit=1").then().statusCode(200);
            as(key).body(Map.of("productIds", List.of("SKU-NONE"))).post("/v1/products/batch").then().statusCode(200);
        }
        forbidden(as(TestKeys.INGEST).get("/v1/products?limit=1"));
    }

    @Test
    void shouldRefuseRegularKeysOnAdminPathsWith403Problem() {
        String product = newProductId();
        for (String key : List.of(TestKeys.READ, TestKeys.WRITE, TestKeys.LEGACY_WRITE, TestKeys.SERVICE, TestKeys.INGEST)) {
            forbidden(as(key).body(Map.of("products", List.of(Products.product(product, "auth"))))
                    .post("/v1/admin/products"));
            forbidden(as(key).body("{}").post("/v1/admin/stock/sync"));
        }
        as(TestKeys.ADMIN).get("/v1/products/" + product).then().statusCode(404);
        as(TestKeys.LEGACY_ADMIN).body(Map.of("products", List.of(Products.product(product, "auth"))))
                .post("/v1/admin/products").then().statusCode(201);
    }

    @Test
    void shouldAcceptPushedEventsOnlyFromIngestOrAdminKeys() {
        String product = newProductId();
        for (String key : List.of(TestKeys.READ, TestKeys.WRITE, TestKeys.LEGACY_WRITE, TestKeys.SERVICE)) {
            forbidden(push(key, Events.adjusted(level(product, "WH-1", 999_999, 0, 99))));
        }
        assertThat(Stocks.stored(reader, product)).isEmpty();

        push(TestKeys.INGEST, Events.adjusted(level(product, "WH-1", 11, 1, 1))).then().statusCode(200)
                .body("levelsChanged", equalTo(1));
        push(TestKeys.ADMIN, Events.adjusted(level(product, "WH-1", 12, 1, 2))).then().statusCode(200)
                .body("levelsChanged", equalTo(1));
        assertThat(Stocks.stored(reader, product).orElseThrow().onHand()).isEqualTo(12);
    }

    @Test
    void shouldCallTheWarehouseWithItsOwnServiceKeyNeverTheCallers() {
        String product = newProductId();
        Products.create(product, "auth");
        FakeWarehouse.put(level(product, "WH-3", 8, 0, 1));
        int before = FakeWarehouse.keysSeen().size();

        as(TestKeys.READ).get("/v1/products/" + product).then().statusCode(200).body("stock.onHand", equalTo(8));

        List<String> keys = FakeWarehouse.keysSeen();
        assertThat(keys.subList(before, keys.size())).isNotEmpty().containsOnly(TestKeys.SERVICE);
    }

    private static RequestSpecification as(String key) {
        return given().contentType("application/json").header(TestKeys.HEADER, key);
    }

    private static Response push(String key, CloudEvent event) {
        return given().header(TestKeys.HEADER, key).header("ce-specversion", "1.0").header("ce-id", event.getId())
                .header("ce-source", event.getSource().toString()).header("ce-type", event.getType())
                .header("ce-subject", event.getSubject())
                .contentType("application/json").body(event.getData().toBytes())
                .post("/events/stock-updated");
    }

    private static io.restassured.response.ValidatableResponse unauthorized(Response response) {
        return response.then().statusCode(401).contentType("application/problem+json")
                .body("errorType", equalTo("unauthorized")).body("type", equalTo("urn:stockflow:problem:unauthorized"));
    }

    private static io.restassured.response.ValidatableResponse forbidden(Response response) {
        return response.then().statusCode(403).contentType("application/problem+json")
                .body("errorType", equalTo("forbidden")).body("type", equalTo("urn:stockflow:problem:forbidden"));
    }
}
