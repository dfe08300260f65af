package io.stockflow.warehouse;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.stockflow.testsupport.PostgresDatabase;
import io.stockflow.testsupport.TestKeys;
import io.stockflow.warehouse.support.Stock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(PostgresDatabase.class)
class ReadsTest {

    private static final String BULK = "/v1/batch/stock";

    private String product;
    private String first;
    private String second;

    /** Fresh ids per test: the database is shared and never cleaned. */
    @BeforeEach
    void freshIds() {
        product = Stock.productId();
        first = Stock.warehouse();
        second = Stock.warehouse();
    }

    @Test
    void shouldSumTheProductsLevels() {
        Stock.stocked(product, first, 10);
        Stock.stocked(product, second, 5);
        Stock.reserved(product, second, 2);
        Stock.product(product).then().statusCode(200)
                .body("productId", equalTo(product))
                .body("onHand", equalTo(15))
                .body("reserved", equalTo(2))
                .body("available", equalTo(13))
                .body("warehouses.warehouseId", containsInAnyOrder(first, second))
                .body("warehouses.find { it.warehouseId == '" + second + "' }.available", equalTo(3));
    }

    @Test
    void shouldAnswerNotFoundForAnUnknownProduct() {
        Stock.product(Stock.productId()).then().statusCode(404)
                .contentType("application/problem+json").body("errorType", equalTo("not_found"));
        Stock.movements(Stock.productId()).then().statusCode(404).body("errorType", equalTo("not_found"));
    }

    @Test
    void shouldPageMovementsNewestFirstWithoutOverlap() {
        String warehouse = Stock.warehouse();
        Stock.stocked(product, warehouse, 10);
        for (int delta = 1; delta <= 4; delta++) {
            Stock.adjust(product, warehouse, delta).then().statusCode(200);
        }
        List<Integer> sequences = new ArrayList<>();
        List<Integer> versions = new ArrayList<>();
        List<Integer> pageSizes = new ArrayList<>();
        String cursor = null;
        do {
            var request = given().queryParam("limit", 2);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            JsonPath page = request.get("/v1/inventory/product/{id}/movements", product).then().statusCode(200)
                    .extract().jsonPath();
            sequences.addAll(page.getList("items.sequence", Integer.class));
            versions.addAll(page.getList("items.versionAfter", Integer.class));
            pageSizes.add(page.getList("items").size());
            cursor = page.getString("nextCursor");
        } while (cursor != null && pageSizes.size() < 10);

        assertThat(pageSizes).containsExactly(2, 2, 1);
        assertThat(sequences).doesNotHaveDuplicates().isSortedAccordingTo(Comparator.reverseOrder());
        assertThat(versions).containsExactly(5, 4, 3, 2, 1);
    }

    @Test
    void shouldDescribeEachMovement() {
        String warehouse = Stock.warehouse();
        Stock.json().header("X-On-Behalf-Of", "clerk-7").body(Map.of("productId", product, "warehouseId", warehouse,
                "delta", 9, "reason", "returned", "reference", "RMA-1")).post("/v1/inventory/adjustments")
                .then().statusCode(200);
        Stock.movements(product).then().statusCode(200)
                .body("nextCursor", nullValue())
                .body("items.size()", equalTo(1))
                .body("items[0].sequence", notNullValue())
                .body("items[0].type", notNullValue())
                .body("items[0].warehouseId", equalTo(warehouse))
                .body("items[0].deltaOnHand", equalTo(9))
                .body("items[0].deltaReserved", equalTo(0))
                .body("items[0].onHandAfter", equalTo(9))
                .body("items[0].reservedAfter", equalTo(0))
                .body("items[0].versionAfter", equalTo(1))
                .body("items[0].reason", equalTo("returned"))
                .body("items[0].reference", equalTo("RMA-1"))
                .body("items[0].actor", equalTo(TestKeys.ADMIN_PRINCIPAL))
                .body("items[0].onBehalfOf", equalTo("clerk-7"))
                .body("items[0].occurredAt", notNullValue());
    }

    @Test
    void shouldReadStockInBulkWithOrWithoutLevels() {
        Stock.stocked(product, first, 10);
        Stock.stocked(product, second, 4);
        String path = "stocks.'" + product + "'";

        Stock.json().body(Map.of("productIds", List.of(product), "includeWarehouses", true)).post(BULK)
                .then().statusCode(200)
                .body(path + ".onHand", equalTo(14))
                .body(path + ".reserved", equalTo(0))
                .body(path + ".available", equalTo(14))
                .body(path + ".warehouses.warehouseId", containsInAnyOrder(first, second))
                .body("missing", equalTo(List.of()));
        Stock.json().body(Map.of("productIds", List.of(product), "includeWarehouses", false)).post(BULK)
                .then().statusCode(200)
                .body(path + ".onHand", equalTo(14))
                .body(path, not(hasKey("warehouses")));
        Stock.json().body(Map.of("productIds", List.of(product))).post(BULK)
                .then().statusCode(200)
                .body(path, not(hasKey("warehouses")));
    }

    @Test
    void shouldListAProductsLevelsInBulkInWarehouseOrderAsTheProductReadDoes() {
        String other = Stock.productId();
        String third = Stock.warehouse();
        List<String> warehouses = List.of(third, second, first); // stocked in an order of their own
        for (String warehouse : warehouses) {
            Stock.stocked(product, warehouse, 3);
            Stock.stocked(other, warehouse, 2);
        }
        List<String> sorted = warehouses.stream().sorted().toList();

        JsonPath bulk = Stock.json().body(Map.of("productIds", List.of(other, product), "includeWarehouses", true))
                .post(BULK).then().statusCode(200).extract().jsonPath();

        assertThat(bulk.getMap("stocks").keySet()).containsExactly(other, product);
        assertThat(bulk.getList("stocks.'" + product + "'.warehouses.warehouseId")).isEqualTo(sorted);
        assertThat(bulk.getList("stocks.'" + other + "'.warehouses.warehouseId")).isEqualTo(sorted);
        assertThat(bulk.getList("stocks.'" + product + "'.warehouses"))
                .isEqualTo(Stock.product(product).then().extract().jsonPath().getList("warehouses"));
    }

    @Test
    void shouldReadOneWarehouseInBulk() {
        Stock.stocked(product, first, 10);
        Stock.stocked(product, second, 4);
        String path = "stocks.'" + product + "'";
        Stock.json().body(Map.of("productIds", List.of(product), "warehouseId", second, "includeWarehouses", true))
                .post(BULK).then().statusCode(200)
                .body(path + ".onHand", equalTo(4))
                .body(path + ".warehouses.warehouseId", contains(second));
        Stock.json().body(Map.of("productIds", List.of(product), "warehouseId", second)) // totals summed by the database
                .post(BULK).then().statusCode(200)
                .body(path + ".onHand", equalTo(4))
                .body(path, not(hasKey("warehouses")));
    }

    @Test
    void shouldListMissingProductsAndAnswerDuplicatesOnce() {
        String known = Stock.productId();
        String unknown = Stock.productId();
        String warehouse = Stock.warehouse();
        Stock.stocked(known, warehouse, 3);
        Stock.json().body(Map.of("productIds", List.of(known, unknown, known, unknown))).post(BULK)
                .then().statusCode(200)
                .body("stocks.size()", equalTo(1))
                .body("stocks.'" + known + "'.onHand", equalTo(3))
                .body("missing", equalTo(List.of(unknown)));
    }

    @Test
    void shouldAnswerABulkReadLargerThanOneChunkInRequestOrder() {
        // the default chunk is 250 products: these land in the first, second and last of three chunks
        List<String> stocked = List.of(product, Stock.productId(), Stock.productId());
        for (String id : stocked) {
            Stock.stocked(id, first, 7);
            Stock.stocked(id, second, 5);
            Stock.reserved(id, second, 1);
        }
        List<String> ids = new java.util.ArrayList<>();
        List<String> unknown = new java.util.ArrayList<>();
        for (int i = 0; i < 600; i++) {
            String id = i == 10 ? stocked.get(2) : i == 260 ? stocked.get(0) : i == 599 ? stocked.get(1) : Stock.productId();
            ids.add(id);
            if (!stocked.contains(id)) {
                unknown.add(id);
            }
        }

        for (boolean includeWarehouses : List.of(false, true)) {
            JsonPath bulk = Stock.json().body(Map.of("productIds", ids, "includeWarehouses", includeWarehouses))
                    .post(BULK).then().statusCode(200).extract().jsonPath();

            assertThat(bulk.getMap("stocks").keySet()).containsExactly(stocked.get(2), stocked.get(0), stocked.get(1));
            assertThat(bulk.getList("missing")).isEqualTo(unknown);
            for (String id : stocked) {
                assertThat(bulk.getInt("stocks.'" + id + "'.onHand")).isEqualTo(12);
                assertThat(bulk.getInt("stocks.'" + id + "'.available")).isEqualTo(11);
            }
        }
    }
}
