package io.stockflow.catalog.consistency;

import static io.restassured.RestAssured.given;
import static io.stockflow.catalog.support.Levels.level;
import static io.stockflow.catalog.support.Levels.newProductId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.stockflow.catalog.persistence.RedisPipeline;
import io.stockflow.catalog.service.StockEventHandler;
import io.stockflow.catalog.stock.StockKeys;
import io.stockflow.catalog.stock.StockStore;
import io.stockflow.catalog.support.Events;
import io.stockflow.catalog.support.FakeWarehouse;
import io.stockflow.catalog.support.Products;
import io.stockflow.events.ConsistencyToken;
import io.stockflow.events.ConsistencyToken.Level;
import io.stockflow.events.LevelState;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Reads with a Stockflow-Consistency token: fresh at once, after waiting for the event (woken by this
 * replica's write and by Redis for another's), from the warehouse past the bound, and refusals.
 */
@QuarkusTest
class ReadYourWritesTest {

    @Inject
    StockEventHandler handler;

    @Inject
    StockStore store;

    @Inject
    RedisPipeline redis;

    @Inject
    MeterRegistry registry;

    private void event(LevelState level) {
        handler.apply(List.of(handler.decode(Events.adjusted(level))));
    }

    private static String token(String productId, String warehouseId, long version) {
        return ConsistencyToken.encode(List.of(new Level(productId, warehouseId, version))).orElseThrow();
    }

    private static Response read(String productId, String token) {
        return given().header(ConsistencyToken.HEADER, token).get("/v1/products/{id}", productId);
    }

    private double waiting() {
        return registry.find("catalog.consistency.waiting").gauge().value();
    }

    /** Starts a read with the token and returns once it waits (the gauge counts it). */
    private CompletableFuture<Response> waitingRead(String productId, String token) {
        double before = waiting();
        CompletableFuture<Response> read = CompletableFuture.supplyAsync(() -> read(productId, token));
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(5)).until(() -> waiting() > before);
        return read;
    }

    private String stocked(long onHand, long version) {
        String id = newProductId();
        Products.create(id, "ryw");
        event(level(id, "WH-1", onHand, 0, version));
        return id;
    }

    @Test
    void aReadWhoseWriteIsAppliedAnswersFromTheCache() {
        String id = stocked(10, 3);
        read(id, token(id, "WH-1", 3)).then().statusCode(200)
                .header(ConsistencyToken.SOURCE_HEADER, "cache")
                .body("stock.onHand", equalTo(10));
        // a token naming another product asks nothing of this one
        read(id, token(newProductId(), "WH-1", 99)).then().statusCode(200)
                .header(ConsistencyToken.SOURCE_HEADER, "cache");
    }

    @Test
    void aReadWithoutATokenSaysNothingAboutConsistency() {
        String id = stocked(10, 1);
        given().get("/v1/products/{id}", id).then().statusCode(200)
                .header(ConsistencyToken.SOURCE_HEADER, nullValue());
    }

    @Test
    void aReadWaitsForItsEventAndIsWokenWhenThisReplicaAppliesIt() {
        String id = stocked(10, 1);
        CompletableFuture<Response> read = waitingRead(id, token(id, "WH-1", 2));

        event(level(id, "WH-1", 7, 0, 2));

        read.join().then().statusCode(200)
                .header(ConsistencyToken.SOURCE_HEADER, "cache")
                .body("stock.onHand", equalTo(7));
    }

    @Test
    void aReadIsWokenByRedisWhenAnotherReplicaWritesTheLevel() {
        String id = stocked(10, 1);
        CompletableFuture<Response> read = waitingRead(id, token(id, "WH-1", 2));

        // another replica's write: only Redis sees it (onHand:reserved:version:threshold:updatedAtMs)
        redis.sendOne(Request.cmd(Command.HSET).arg(StockKeys.total(id)).arg("w:WH-1").arg("10:0:2:5:0"));

        read.join().then().statusCode(200).header(ConsistencyToken.SOURCE_HEADER, "cache");
    }

    @Test
    void pastTheBoundTheLevelIsReadFromTheWarehouseAndStored() {
        String id = stocked(10, 1);
        FakeWarehouse.put(level(id, "WH-1", 42, 2, 3));

        read(id, token(id, "WH-1", 3)).then().statusCode(200)
                .header(ConsistencyToken.SOURCE_HEADER, "warehouse")
                .body("stock.onHand", equalTo(42))
                .body("stock.reserved", equalTo(2));
        assertThat(store.level(id, "WH-1").orElseThrow()).containsEntry("version", "3");
        // Redis holds it now: the same token is answered from the cache
        read(id, token(id, "WH-1", 3)).then().header(ConsistencyToken.SOURCE_HEADER, "cache");
    }

    @Test
    void aVersionTheWarehouseNeverWroteIsAnUnknownToken() {
        String id = stocked(10, 1);
        FakeWarehouse.put(level(id, "WH-1", 10, 0, 1));

        read(id, token(id, "WH-1", 9)).then().statusCode(400)
                .contentType("application/problem+json")
                .body("errorType", equalTo("validation_error"))
                .body("errors[0].field", equalTo(ConsistencyToken.HEADER))
                .body("errors[0].message", containsString("not a token it issued"));
        assertThat(store.level(id, "WH-1").orElseThrow()).containsEntry("version", "1");
    }

    @Test
    void aMalformedTokenIs400AndReadsNothing() {
        String id = stocked(10, 1);
        for (String forged : List.of("%%%", "AQ", "AQA", "A".repeat(ConsistencyToken.MAX_LENGTH + 4))) {
            read(id, forged).then().statusCode(400).contentType("application/problem+json")
                    .body("errorType", equalTo("validation_error"))
                    .body("errors[0].field", equalTo(ConsistencyToken.HEADER));
        }
        given().header(ConsistencyToken.HEADER, "%%%").get("/v1/products").then().statusCode(400)
                .contentType("application/problem+json");
        given().contentType(ContentType.JSON).body(Map.of("productIds", List.of(id), "minVersion", "%%%"))
                .post("/v1/products/batch").then().statusCode(400)
                .body("errors[0].field", equalTo("minVersion"));
        given().contentType(ContentType.JSON).body(Map.of("productIds", List.of(id), "minVersion", 7))
                .post("/v1/products/batch").then().statusCode(400).contentType("application/problem+json");
        given().contentType(ContentType.JSON).header(ConsistencyToken.HEADER, token(id, "WH-1", 1))
                .body(Map.of("productIds", List.of(id), "minVersion", token(id, "WH-1", 2)))
                .post("/v1/products/batch").then().statusCode(400)
                .body("errors[0].field", equalTo("minVersion"));
    }

    @Test
    void aBatchWithMinVersionWaitsForEachProductItNames() {
        String fresh = stocked(10, 2);
        String behind = stocked(5, 1);
        String minVersion = ConsistencyToken.encode(List.of(new Level(fresh, "WH-1", 2),
                new Level(behind, "WH-1", 2))).orElseThrow();
        double before = waiting();
        CompletableFuture<Response> read = CompletableFuture.supplyAsync(() -> given().contentType(ContentType.JSON)
                .body(Map.of("productIds", List.of(fresh, behind), "minVersion", minVersion))
                .post("/v1/products/batch"));
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(5)).until(() -> waiting() > before);

        event(level(behind, "WH-1", 8, 0, 2));

        read.join().then().statusCode(200)
                .header(ConsistencyToken.SOURCE_HEADER, "cache")
                .body("products.'" + fresh + "'.stock.onHand", equalTo(10))
                .body("products.'" + behind + "'.stock.onHand", equalTo(8));
    }

    @Test
    void aPageWithATokenIsAsNewAsIt() {
        String id = stocked(10, 1);
        FakeWarehouse.put(level(id, "WH-1", 3, 0, 2));
        given().header(ConsistencyToken.HEADER, token(id, "WH-1", 2)).queryParam("category", "ryw")
                .queryParam("limit", 100).get("/v1/products").then().statusCode(200)
                .header(ConsistencyToken.SOURCE_HEADER, "warehouse");
        assertThat(store.level(id, "WH-1").orElseThrow()).containsEntry("version", "2");
    }
}
