package io.stockflow.warehouse;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.stockflow.testsupport.PostgresDatabase;
import io.stockflow.testsupport.TestKeys;
import io.stockflow.warehouse.support.Db;
import io.stockflow.warehouse.support.Stock;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(PostgresDatabase.class)
class IdempotencyTest {

    @Inject
    AgroalDataSource dataSource;

    static Response adjustWithKey(String key, Map<String, Object> body) {
        return adjustWithKey(key, body, TestKeys.ADMIN);
    }

    static Response adjustWithKey(String key, Map<String, Object> body, String apiKey) {
        return given().contentType(ContentType.JSON).header("Idempotency-Key", key).header(TestKeys.HEADER, apiKey)
                .body(body).post("/v1/inventory/adjustments");
    }

    @Test
    void shouldReplayStoredResponseWithoutSecondChangeOrEvent() {
        String product = Stock.productId();
        String warehouse = Stock.warehouse();
        String key = UUID.randomUUID().toString();
        var body = Stock.adjustment(product, warehouse, 70);

        Response first = adjustWithKey(key, body);
        first.then().statusCode(200).header("Idempotent-Replayed", (String) null);
        Response second = adjustWithKey(key, body);
        second.then().statusCode(200).header("Idempotent-Replayed", "true");

        assertThat(second.asString()).isEqualTo(first.asString());
        assertThat(Db.movements(dataSource, product)).isEqualTo(1);
        assertThat(Db.outbox(dataSource, product)).hasSize(1);
        given().get("/v1/inventory/product/" + product).then().body("onHand", equalTo(70));
    }

    @Test
    void shouldExecuteSameKeyFromTwoPrincipalsTwice() {
        String product = Stock.productId();
        String warehouse = Stock.warehouse();
        String key = UUID.randomUUID().toString();
        var body = Stock.adjustment(product, warehouse, 5);

        adjustWithKey(key, body, TestKeys.WRITE).then().statusCode(200)
                .header("Idempotent-Replayed", (String) null).body("version", equalTo(1));
        adjustWithKey(key, body, TestKeys.OTHER_WRITE).then().statusCode(200)
                .header("Idempotent-Replayed", (String) null).body("version", equalTo(2));
        adjustWithKey(key, body, TestKeys.OTHER_WRITE).then().statusCode(200)
                .header("Idempotent-Replayed", "true").body("version", equalTo(2));

        assertThat(Db.movements(dataSource, product)).isEqualTo(2);
        Stock.movements(product).then().body("items.actor",
                org.hamcrest.Matchers.contains(TestKeys.OTHER_WRITE_PRINCIPAL, TestKeys.WRITE_PRINCIPAL));
        given().get("/v1/inventory/product/" + product).then().body("onHand", equalTo(10));
    }

    @Test
    void shouldRefuseSameKeyForDifferentRequest() {
        String product = Stock.productId();
        String warehouse = Stock.warehouse();
        String key = UUID.randomUUID().toString();
        adjustWithKey(key, Stock.adjustment(product, warehouse, 7)).then().statusCode(200);
        adjustWithKey(key, Stock.adjustment(product, warehouse, 8)).then().statusCode(422)
                .contentType("application/problem+json")
                .body("errorType", equalTo("idempotency_key_reuse"));
        given().contentType(ContentType.JSON).header("Idempotency-Key", key)
                .body(Map.of("onHand", 7, "reason", "correction"))
                .put("/v1/inventory/" + product + "/warehouses/" + warehouse).then().statusCode(422);
        assertThat(Db.movements(dataSource, product)).isEqualTo(1);
    }

    @Test
    void shouldExecuteOnceUnderConcurrentDuplicates() throws Exception {
        String product = Stock.productId();
        String warehouse = Stock.warehouse();
        String key = UUID.randomUUID().toString();
        var body = Stock.adjustment(product, warehouse, 30);
        int clients = 8;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Response>> responses = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            responses.add(pool.submit(() -> {
                start.await();
                return adjustWithKey(key, body);
            }));
        }
        start.countDown();
        List<String> bodies = new ArrayList<>();
        for (Future<Response> response : responses) {
            Response r = response.get();
            assertThat(r.statusCode()).isEqualTo(200);
            bodies.add(r.asString());
        }
        pool.shutdown();
        assertThat(bodies).allMatch(b -> b.equals(bodies.get(0)));
        assertThat(Db.movements(dataSource, product)).isEqualTo(1);
        assertThat(Db.outbox(dataSource, product)).hasSize(1);
        given().get("/v1/inventory/product/" + product).then().body("onHand", equalTo(30));
    }

    @Test
    void shouldNotStoreRefusedRequestSoRetryCanSucceed() {
        String product = Stock.productId();
        String warehouse = Stock.warehouse();
        String key = UUID.randomUUID().toString();
        var takeFive = Stock.adjustment(product, warehouse, -5);
        adjustWithKey(key, takeFive).then().statusCode(409).body("errorType", equalTo("insufficient_stock"));
        Stock.stocked(product, warehouse, 10);
        adjustWithKey(key, takeFive).then().statusCode(200).body("onHand", equalTo(5));
        adjustWithKey(key, takeFive).then().statusCode(200).header("Idempotent-Replayed", "true").body("onHand", equalTo(5));
    }

    @Test
    void shouldRejectOverlongKey() {
        adjustWithKey("k".repeat(256), Stock.adjustment(Stock.productId(), Stock.warehouse(), 1)).then().statusCode(400)
                .body("errorType", equalTo("validation_error"));
    }
}
