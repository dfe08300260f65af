package io.stockflow.catalog.rest;

import static io.restassured.RestAssured.given;
import static io.stockflow.catalog.support.Levels.level;
import static io.stockflow.catalog.support.Levels.newProductId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.stockflow.catalog.domain.StockChange;
import io.stockflow.catalog.persistence.RedisPipeline;
import io.stockflow.catalog.stock.StockKeys;
import io.stockflow.catalog.support.FakeWarehouse;
import io.stockflow.catalog.support.Products;
import io.stockflow.catalog.support.StockFixture;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ProductResourceTest {

    @Inject
    StockFixture stock;

    @Inject
    MeterRegistry registry;

    @Inject
    RedisPipeline redis;

    /** Product hits, product misses, stock hits, stock misses so far. */
    private List<Double> cacheCounts() {
        return List.of(registry.find("catalog.cache.hits").tag("cache", "product").counter().count(),
                registry.find("catalog.cache.misses").tag("cache", "product").counter().count(),
                registry.find("catalog.cache.hits").tag("cache", "stock").counter().count(),
                registry.find("catalog.cache.misses").tag("cache", "stock").counter().count());
    }

    private static List<Double> delta(List<Double> before, List<Double> after) {
        return IntStream.range(0, before.size()).mapToObj(i -> after.get(i) - before.get(i)).toList();
    }

    @Test
    void shouldReturnAProductWithItsStock() {
        String id = newProductId();
        Products.create(id, "bags");
        stock.adjusted(level(id, "WH-1", 10, 3, 1));
        stock.adjusted(level(id, "WH-2", 4, 0, 1));

        given().get("/v1/products/{id}", id).then().statusCode(200)
                .body("productId", equalTo(id))
                .body("price", equalTo(49.9f))
                .body("currency", equalTo("EUR"))
                .body("category", equalTo("bags"))
                .body("stock.onHand", equalTo(14))
                .body("stock.reserved", equalTo(3))
                .body("stock.available", equalTo(11))
                .body("stock.status", equalTo("low_stock")) // WH-2 has 4 available, under its threshold of 5
                .body("stock.warehouses.WH-1.available", equalTo(7))
                .body("stock.updatedAt", not(nullValue()));
    }

    @Test
    void shouldReadStockThroughFromTheWarehouseWhenRedisLacksIt() {
        String id = newProductId();
        Products.create(id, "bags");
        FakeWarehouse.put(level(id, "WH-9", 7, 0, 2));

        given().get("/v1/products/{id}", id).then().statusCode(200)
                .body("stock.onHand", equalTo(7))
                .body("stock.status", equalTo("in_stock"));
        assertThat(stock.stored(id)).isPresent();
    }

    @Test
    void shouldShowOutOfStockOnlyWhenTheWarehouseHasNoStock() {
        String id = newProductId();
        Products.create(id, "bags");

        given().get("/v1/products/{id}", id).then().statusCode(200)
                .body("stock.available", equalTo(0))
                .body("stock.status", equalTo("out_of_stock"));
    }

    @Test
    void shouldAnswer404ForAnUnknownProduct() {
        given().get("/v1/products/{id}", newProductId()).then().statusCode(404)
                .contentType("application/problem+json")
                .body("errorType", equalTo("not_found"))
                .body("status", equalTo(404));
    }

    @Test
    void shouldPageThroughACategoryWithACursor() {
        String category = "cat-" + UUID.randomUUID();
        List<String> ids = IntStream.range(0, 5).mapToObj(i -> newProductId()).sorted().toList();
        ids.forEach(id -> Products.create(id, category));

        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            var request = given().queryParam("category", category).queryParam("limit", 2);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            JsonPath page = request.get("/v1/products").then().statusCode(200).extract().jsonPath();
            seen.addAll(page.getList("items.productId"));
            cursor = page.getString("nextCursor");
            pages++;
        } while (cursor != null && pages < 10);

        assertThat(seen).containsExactlyElementsOf(ids);
        assertThat(pages).isEqualTo(3);
    }

    @Test
    void shouldFilterByStock() {
        String category = "cat-" + UUID.randomUUID();
        String inStock = newProductId();
        String soldOut = newProductId();
        Products.create(inStock, category);
        Products.create(soldOut, category);
        stock.adjusted(level(inStock, "WH-1", 10, 0, 1));
        stock.adjusted(level(soldOut, "WH-1", 3, 3, 1));

        given().queryParam("category", category).queryParam("inStock", true).get("/v1/products").then()
                .statusCode(200).body("items.productId", contains(inStock));
        given().queryParam("category", category).queryParam("inStock", false).get("/v1/products").then()
                .statusCode(200).body("items.productId", contains(soldOut));
    }

    @Test
    void shouldRejectBadQueryParameters() {
        given().queryParam("limit", 0).get("/v1/products").then().statusCode(400)
                .contentType("application/problem+json")
                .body("errorType", equalTo("validation_error"))
                .body("errors[0].field", equalTo("limit"));
        given().queryParam("limit", 101).get("/v1/products").then().statusCode(400);
        given().queryParam("inStock", "maybe").get("/v1/products").then().statusCode(400)
                .body("errors[0].field", equalTo("inStock"));
        given().queryParam("cursor", "%%%").get("/v1/products").then().statusCode(400)
                .body("errors[0].field", equalTo("cursor"));
    }

    @Test
    void shouldReturnABatchAndListTheMissing() {
        String known = newProductId();
        String unknown = newProductId();
        Products.create(known, "bags");
        stock.adjusted(level(known, "WH-1", 6, 0, 1));

        given().contentType(ContentType.JSON).body(Map.of("productIds", List.of(known, unknown)))
                .post("/v1/products/batch").then().statusCode(200)
                .body("products", hasKey(known))
                .body("products.'" + known + "'.stock.onHand", equalTo(6))
                .body("missing", contains(unknown));
    }

    @Test
    void shouldAnswerTheSameWhenRedisHoldsNoTextOfTheStock() {
        String withText = newProductId();
        String withoutText = newProductId();
        for (String id : List.of(withText, withoutText)) {
            Products.create(id, "bags");
            stock.adjusted(level(id, "WH-2", 10, 3, 1));
            stock.adjusted(level(id, "WH-1", 4, 0, 1));
        }
        var body = Map.of("productIds", List.of(withText, withoutText));
        String single = given().get("/v1/products/{id}", withoutText).then().statusCode(200).extract().asString();
        String batch = given().contentType(ContentType.JSON).body(body).post("/v1/products/batch").then().statusCode(200)
                .extract().asString();

        // a text lost (or never written by an older script): read through, the apply script renders it again
        redis.sendOne(Request.cmd(Command.DEL).arg(StockKeys.json(withoutText)));

        given().get("/v1/products/{id}", withoutText).then().statusCode(200).body(equalTo(single));
        given().contentType(ContentType.JSON).body(body).post("/v1/products/batch").then().statusCode(200)
                .body(equalTo(batch));
        JsonPath stock = new JsonPath(single).setRootPath("stock");
        assertThat(List.of(stock.getLong("onHand"), stock.getLong("reserved"), stock.getLong("available")))
                .containsExactly(14L, 3L, 11L);
        assertThat(stock.getString("status")).isEqualTo("low_stock");
        assertThat(stock.getMap("warehouses").keySet()).containsExactly("WH-1", "WH-2");
        assertThat(stock.getLong("warehouses.'WH-1'.available")).isEqualTo(4);
    }

    @Test
    void shouldRebuildStockStoredUnderAnOlderLayoutLeavingOutIdsJsonWouldEscape() {
        String id = newProductId();
        Products.create(id, "bags");
        // stock as an older catalog stored it: no layout mark, no text, and a warehouse id from before the
        // one id rule, which nothing admits any more
        String unusual = "WH \"north\"/\u00fc";
        assertThatThrownBy(() -> StockChange.snapshot(id, List.of(level(id, unusual, 10, 3, 1))))
                .isInstanceOf(IllegalArgumentException.class);
        redis.sendOne(Request.cmd(Command.HSET).arg(StockKeys.total(id)).arg("onHand").arg(16).arg("reserved").arg(3)
                .arg("available").arg(13).arg("status").arg("in_stock").arg("updatedAt").arg(0)
                .arg(StockKeys.levelField(unusual)).arg("10:3:1:5:0").arg(StockKeys.levelField("WH-1")).arg("6:0:1:5:0"));
        FakeWarehouse.put(level(id, "WH-1", 6, 0, 1));

        for (JsonPath stock : List.of(
                given().get("/v1/products/{id}", id).then().statusCode(200).extract().jsonPath().setRootPath("stock"),
                given().contentType(ContentType.JSON).body(Map.of("productIds", List.of(id))).post("/v1/products/batch")
                        .then().statusCode(200).extract().jsonPath().setRootPath("products.'" + id + "'.stock"))) {
            assertThat(stock.getLong("onHand")).isEqualTo(6);
            assertThat(stock.getString("status")).isEqualTo("in_stock");
            assertThat(stock.getMap("warehouses")).containsOnlyKeys("WH-1");
            assertThat(stock.getLong("warehouses.'WH-1'.available")).isEqualTo(6);
        }
    }

    @Test
    void shouldCountCacheHitsAndMissesOfDetailsAndStock() {
        String stocked = newProductId();
        Products.create(stocked, "bags");
        stock.adjusted(level(stocked, "WH-1", 6, 0, 1));
        String readThrough = newProductId();
        Products.create(readThrough, "bags");
        FakeWarehouse.put(level(readThrough, "WH-9", 2, 0, 1));
        String unknown = newProductId();
        var body = Map.of("productIds", List.of(stocked, readThrough, unknown, stocked));

        // first read: no details cached; stock in Redis for one, read through for the other, none for no product
        List<Double> before = cacheCounts();
        given().contentType(ContentType.JSON).body(body).post("/v1/products/batch").then().statusCode(200)
                .body("products.'" + readThrough + "'.stock.onHand", equalTo(2));
        assertThat(delta(before, cacheCounts())).containsExactly(0.0, 3.0, 1.0, 1.0);

        // again: both products cached now, both stocks in Redis; the unknown id is looked up again
        before = cacheCounts();
        given().contentType(ContentType.JSON).body(body).post("/v1/products/batch").then().statusCode(200)
                .body("missing", contains(unknown));
        assertThat(delta(before, cacheCounts())).containsExactly(2.0, 1.0, 2.0, 0.0);
    }

    @Test
    void shouldRejectBatchesThatAreEmptyTooLargeOrMalformed() {
        List<String> tooMany = IntStream.range(0, 1001).mapToObj(i -> "SKU-X-" + i).toList();
        given().contentType(ContentType.JSON).body(Map.of("productIds", tooMany))
                .post("/v1/products/batch").then().statusCode(413)
                .contentType("application/problem+json")
                .body("errorType", equalTo("payload_too_large"));
        given().contentType(ContentType.JSON).body(Map.of("productIds", List.of()))
                .post("/v1/products/batch").then().statusCode(400)
                .body("errorType", equalTo("validation_error"))
                .body("errors[0].field", equalTo("productIds"));
        given().contentType(ContentType.JSON).body("{\"productIds\": [")
                .post("/v1/products/batch").then().statusCode(400)
                .body("errorType", equalTo("validation_error"));
        given().contentType(ContentType.JSON).body("{\"productIds\": 5}")
                .post("/v1/products/batch").then().statusCode(400)
                .body("errors[0].field", equalTo("productIds"));
    }
}
