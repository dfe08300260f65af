package io.stockflow.warehouse;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.stockflow.events.ConsistencyToken;
import io.stockflow.testsupport.PostgresDatabase;
import io.stockflow.warehouse.support.FreshLevel;
import io.stockflow.warehouse.support.Stock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Every command's answer carries the versions it wrote as a Stockflow-Consistency token. */
@QuarkusTest
@QuarkusTestResource(PostgresDatabase.class)
class ConsistencyTokenIssueTest extends FreshLevel {

    private static ConsistencyToken token(Response response) {
        String header = response.then().extract().header(ConsistencyToken.HEADER);
        assertThat(header).as("the " + ConsistencyToken.HEADER + " header").isNotNull();
        return ConsistencyToken.decode(header);
    }

    private static long version(String productId, String warehouseId) {
        return Stock.product(productId).then().extract().<Integer>path(
                "warehouses.find { it.warehouseId == '" + warehouseId + "' }.version").longValue();
    }

    @Test
    void eachCommandNamesTheLevelsItWroteAtTheirNewVersions() {
        String other = Stock.warehouse();
        assertThat(token(Stock.adjust(product, warehouse, 10)).levelsOf(product)).isEqualTo(Map.of(warehouse, 1L));
        assertThat(token(Stock.set(product, warehouse, 20)).levelsOf(product)).isEqualTo(Map.of(warehouse, 2L));
        assertThat(token(Stock.threshold(product, warehouse, 3)).levelsOf(product)).isEqualTo(Map.of(warehouse, 3L));
        assertThat(token(Stock.transfer(product, warehouse, other, 5)).levelsOf(product))
                .isEqualTo(Map.of(warehouse, 4L, other, 1L));

        Response reserved = Stock.reserveLines(List.of(Stock.line(product, null, 18)));
        String id = reserved.then().statusCode(201).extract().path("reservationId");
        assertThat(token(reserved).levelsOf(product))
                .isEqualTo(Map.of(warehouse, version(product, warehouse), other, version(product, other)));
        assertThat(token(Stock.extend(id, 7200)).levelsOf(product))
                .isEqualTo(Map.of(warehouse, 6L, other, 3L));
        assertThat(token(Stock.release(id)).levelsOf(product)).isEqualTo(Map.of(warehouse, 7L, other, 4L));

        String second = Stock.productId();
        ConsistencyToken batch = token(Stock.adjustBatch(true, List.of(Stock.adjustment(product, warehouse, 1),
                Stock.adjustment(second, other, 2), Stock.adjustment(product, warehouse, 1))));
        assertThat(batch.products()).containsExactlyInAnyOrder(product, second);
        assertThat(batch.levelsOf(product)).isEqualTo(Map.of(warehouse, 9L));
        assertThat(batch.levelsOf(second)).isEqualTo(Map.of(other, 1L));
    }

    @Test
    void aCommandThatWritesNoLevelCarriesAnEmptyToken() {
        Stock.stocked(product, warehouse, 10);
        String id = Stock.reserved(product, warehouse, 2);
        Stock.release(id).then().statusCode(200);
        assertThat(token(Stock.release(id)).isEmpty()).isTrue();
        assertThat(token(Stock.json().body(Map.of("warehouseId", Stock.warehouseId(), "name", "n"))
                .post("/v1/warehouses")).isEmpty()).isTrue();
    }

    @Test
    void aReplayAnswersWithTheSameToken() {
        String key = "token-" + UUID.randomUUID();
        Response first = Stock.json().header("Idempotency-Key", key).body(Stock.adjustment(product, warehouse, 4))
                .post("/v1/inventory/adjustments");
        Stock.adjust(product, warehouse, 1).then().statusCode(200);
        Response replay = Stock.json().header("Idempotency-Key", key).body(Stock.adjustment(product, warehouse, 4))
                .post("/v1/inventory/adjustments");

        replay.then().header("Idempotent-Replayed", "true");
        assertThat(replay.header(ConsistencyToken.HEADER)).isEqualTo(first.header(ConsistencyToken.HEADER));
        assertThat(token(replay).levelsOf(product)).isEqualTo(Map.of(warehouse, 1L));
    }

    @Test
    void aRefusedCommandCarriesNoToken() {
        Stock.adjust(product, warehouse, -5).then().statusCode(409)
                .header(ConsistencyToken.HEADER, org.hamcrest.Matchers.nullValue());
    }
}
