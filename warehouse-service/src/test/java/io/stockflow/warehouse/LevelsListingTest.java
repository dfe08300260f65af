package io.stockflow.warehouse;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.stockflow.testsupport.PostgresDatabase;
import io.stockflow.testsupport.TestKeys;
import io.stockflow.warehouse.support.Stock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** GET /v1/inventory/levels: every level of a warehouse in a stable order, page by page; the low ones; bad input. */
@QuarkusTest
@QuarkusTestResource(PostgresDatabase.class)
class LevelsListingTest {

    private static final String LEVELS = "/v1/inventory/levels";

    private String warehouse;
    private final List<String> products = new ArrayList<>();

    /** Five products in a warehouse of their own, sorted; the second and fourth below the threshold of 10. */
    @BeforeEach
    void warehouseWithFiveLevels() {
        warehouse = Stock.warehouse();
        String stem = Stock.productId();
        for (int i = 0; i < 5; i++) {
            products.add(stem + "-" + i);
            Stock.stocked(products.get(i), warehouse, i % 2 == 1 ? 3 : 30);
        }
    }

    @Test
    void shouldPageEveryLevelOfAWarehouseInProductOrderWithoutRepeatsOrGaps() {
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            var request = given().queryParam("warehouseId", warehouse).queryParam("limit", 2);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            JsonPath page = request.get(LEVELS).then().statusCode(200).extract().jsonPath();
            seen.addAll(page.getList("items.productId"));
            assertThat(page.getList("items.warehouseId", String.class)).allMatch(warehouse::equals);
            cursor = page.getString("nextCursor");
            pages++;
        } while (cursor != null);
        assertThat(seen).containsExactlyElementsOf(products);
        assertThat(pages).isEqualTo(3);
    }

    @Test
    void shouldKeepOnlyLevelsBelowTheirThresholdWhenAskedForLowStock() {
        given().queryParam("warehouseId", warehouse).queryParam("lowStock", true).get(LEVELS).then().statusCode(200)
                .body("items.productId", contains(products.get(1), products.get(3)))
                .body("items[0].available", equalTo(3))
                .body("items[0].lowStockThreshold", equalTo(10))
                .body("nextCursor", nullValue());
        Stock.threshold(products.get(0), warehouse, 31).then().statusCode(200);
        given().queryParam("warehouseId", warehouse).queryParam("lowStock", "true").get(LEVELS).then()
                .body("items.productId", contains(products.get(0), products.get(1), products.get(3)));
    }

    @Test
    void shouldListAcrossWarehousesForAReadKey() {
        given().header(TestKeys.HEADER, TestKeys.READ).queryParam("lowStock", true).queryParam("limit", 1000)
                .get(LEVELS).then().statusCode(200).body("items.size()", org.hamcrest.Matchers.greaterThan(0));
        given().header(TestKeys.HEADER, TestKeys.NO_KEY).get(LEVELS).then().statusCode(401)
                .contentType("application/problem+json");
    }

    @Test
    void shouldRefuseBadInputWithProblemJson() {
        given().queryParam("limit", 0).get(LEVELS).then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("limit"));
        given().queryParam("limit", "many").get(LEVELS).then().statusCode(400).body("errors.field", hasItem("limit"));
        given().queryParam("limit", 1001).get(LEVELS).then().statusCode(400).body("errors.field", hasItem("limit"));
        given().queryParam("lowStock", "yes").get(LEVELS).then().statusCode(400).body("errors.field", hasItem("lowStock"));
        given().queryParam("warehouseId", "no spaces").get(LEVELS).then().statusCode(400)
                .body("errors.field", hasItem("warehouseId"));
        given().queryParam("cursor", "not-a-cursor").get(LEVELS).then().statusCode(400)
                .body("errors.field", hasItem("cursor"));
        given().queryParam("warehouseId", Stock.warehouseId()).get(LEVELS).then().statusCode(404)
                .contentType("application/problem+json").body("errorType", equalTo("not_found"));
    }

    @Test
    void shouldFilterAProductsMovementsByWarehouse() {
        String other = Stock.warehouse();
        Stock.stocked(products.get(0), other, 7);
        given().queryParam("warehouseId", other).get("/v1/inventory/product/{id}/movements", products.get(0)).then()
                .statusCode(200).body("items.warehouseId", contains(other)).body("items[0].deltaOnHand", equalTo(7));
        given().queryParam("warehouseId", Stock.warehouseId()).get("/v1/inventory/product/{id}/movements", products.get(0))
                .then().statusCode(200).body("items.size()", equalTo(0));
        given().queryParam("warehouseId", other).get("/v1/inventory/product/{id}/movements", Stock.productId()).then()
                .statusCode(404);
    }
}
