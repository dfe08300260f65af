package io.stockflow.warehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.stockflow.testsupport.PostgresDatabase;
import io.stockflow.warehouse.support.FreshLevel;
import io.stockflow.warehouse.support.Stock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(PostgresDatabase.class)
class BatchAdjustmentTest extends FreshLevel {

    @Test
    void shouldApplyEveryLineOfAnAtomicBatch() {
        String first = Stock.productId();
        String second = Stock.productId();
        Stock.stocked(first, warehouse, 10);
        Stock.json().body(Map.of("adjustments", List.of(Stock.adjustment(first, warehouse, -4),
                Stock.adjustment(second, warehouse, 7)))).post("/v1/inventory/adjustments/batch")
                .then().statusCode(200)
                .body("results.size()", equalTo(2))
                .body("results[0].success", equalTo(true))
                .body("results[0].level.onHand", equalTo(6))
                .body("results[1].level.onHand", equalTo(7))
                .body("results[1].level.version", equalTo(1))
                .body("summary.total", equalTo(2))
                .body("summary.applied", equalTo(2))
                .body("summary.failed", equalTo(0));
        Stock.product(first).then().body("onHand", equalTo(6));
        Stock.product(second).then().body("onHand", equalTo(7));
    }

    @Test
    void shouldApplyNothingWhenOneLineOfAnAtomicBatchIsRefused() {
        String fresh = Stock.productId();
        Stock.stocked(product, warehouse, 5);
        String before = Stock.snapshot(product);
        Stock.adjustBatch(true, List.of(Stock.adjustment(product, warehouse, 3), Stock.adjustment(fresh, warehouse, 2),
                Stock.adjustment(product, warehouse, -100)))
                .then().statusCode(409)
                .contentType("application/problem+json")
                .body("errorType", equalTo("insufficient_stock"))
                .body("errors[0].field", equalTo("adjustments[2]"))
                .body("errors[0].message", notNullValue());
        assertThat(Stock.snapshot(product)).isEqualTo(before);
        Stock.product(fresh).then().statusCode(404);
    }

    @Test
    void shouldRefuseAnAtomicBatchNamingAnUnknownWarehouse() {
        Stock.stocked(product, warehouse, 5);
        String before = Stock.snapshot(product);
        Stock.adjustBatch(true, List.of(Stock.adjustment(product, warehouse, 3),
                Stock.adjustment(product, Stock.warehouseId(), 2)))
                .then().statusCode(404)
                .contentType("application/problem+json")
                .body("errorType", equalTo("not_found"))
                .body("errors[0].field", equalTo("adjustments[1]"));
        assertThat(Stock.snapshot(product)).isEqualTo(before);
    }

    @Test
    void shouldTreatAMissingAtomicFlagAsAtomic() {
        Stock.stocked(product, warehouse, 5);
        Stock.json().body(Map.of("adjustments", List.of(Stock.adjustment(product, warehouse, 1),
                Stock.adjustment(product, warehouse, -50)))).post("/v1/inventory/adjustments/batch")
                .then().statusCode(409).body("errors[0].field", equalTo("adjustments[1]"));
        Stock.product(product).then().body("onHand", equalTo(5));
    }

    @Test
    void shouldApplyGoodLinesAndReportBadOnesWhenNotAtomic() {
        String fresh = Stock.productId();
        Stock.stocked(product, warehouse, 5);
        Stock.adjustBatch(false, List.of(
                Stock.adjustment(product, warehouse, 3),
                Stock.adjustment(product, warehouse, -100),
                Stock.adjustment(product, Stock.warehouseId(), 1),
                Stock.adjustment(fresh, warehouse, -1),
                Stock.adjustment(product, warehouse, -2)))
                .then().statusCode(200)
                .body("summary.total", equalTo(5))
                .body("summary.applied", equalTo(2))
                .body("summary.failed", equalTo(3))
                .body("results.index", equalTo(List.of(0, 1, 2, 3, 4)))
                .body("results.success", equalTo(List.of(true, false, false, false, true)))
                .body("results[0].level.onHand", equalTo(8))
                .body("results[1].error.status", equalTo(409))
                .body("results[1].error.errorType", equalTo("insufficient_stock"))
                .body("results[1].level", nullValue())
                .body("results[2].error.status", equalTo(404))
                .body("results[2].error.errorType", equalTo("not_found"))
                .body("results[3].error.errorType", equalTo("insufficient_stock"))
                .body("results[4].level.onHand", equalTo(6))
                .body("results[4].level.version", equalTo(3));
        Stock.product(product).then().body("onHand", equalTo(6)).body("warehouses.size()", equalTo(1));
        Stock.product(fresh).then().statusCode(404);
    }

    @Test
    void shouldGiveTheSameLevelConsecutiveVersionsWithinOneBatch() {
        Stock.stocked(product, warehouse, 10);
        Stock.adjustBatch(true, List.of(Stock.adjustment(product, warehouse, 1), Stock.adjustment(product, warehouse, 2),
                Stock.adjustment(product, warehouse, -3)))
                .then().statusCode(200)
                .body("results.level.version", equalTo(List.of(2, 3, 4)))
                .body("results.level.onHand", equalTo(List.of(11, 13, 10)));
        Stock.movements(product).then()
                .body("items.versionAfter", equalTo(List.of(4, 3, 2, 1)))
                .body("items.onHandAfter", equalTo(List.of(10, 13, 11, 10)));
    }
}
