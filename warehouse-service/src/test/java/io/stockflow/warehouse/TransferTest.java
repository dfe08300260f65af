package io.stockflow.warehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.stockflow.testsupport.PostgresDatabase;
import io.stockflow.warehouse.support.Stock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(PostgresDatabase.class)
class TransferTest {

    private String product;
    private String from;
    private String to;

    /** Fresh ids per test: the database is shared and never cleaned. */
    @BeforeEach
    void freshIds() {
        product = Stock.productId();
        from = Stock.warehouse();
        to = Stock.warehouse();
    }

    @Test
    void shouldMoveStockAndReturnBothLevels() {
        Stock.stocked(product, from, 10);
        Stock.stocked(product, to, 4);
        Stock.transfer(product, from, to, 3).then().statusCode(200)
                .body("from.warehouseId", equalTo(from))
                .body("from.onHand", equalTo(7))
                .body("from.version", equalTo(2))
                .body("to.warehouseId", equalTo(to))
                .body("to.onHand", equalTo(7))
                .body("to.version", equalTo(2));
        Stock.product(product).then().body("onHand", equalTo(14));
    }

    @Test
    void shouldRecordBothSidesInOneChange() {
        Stock.stocked(product, from, 10);
        Stock.transfer(product, from, to, 4).then().statusCode(200);
        JsonPath ledger = Stock.movements(product).then().statusCode(200).extract().jsonPath();
        List<Integer> deltas = ledger.getList("items.deltaOnHand", Integer.class);
        assertThat(deltas).hasSize(3).last().isEqualTo(10);
        assertThat(deltas.subList(0, 2)).containsExactlyInAnyOrder(-4, 4);
        assertThat(ledger.getList("items.warehouseId", String.class).subList(0, 2)).containsExactlyInAnyOrder(from, to);
        assertThat(ledger.getList("items.type", String.class).subList(0, 2)).doesNotHaveDuplicates();
        assertThat(ledger.getString("items[0].occurredAt")).isEqualTo(ledger.getString("items[1].occurredAt"));
    }

    @Test
    void shouldCreateTheReceivingLevelOnFirstTransfer() {
        Stock.stocked(product, from, 5);
        Stock.transfer(product, from, to, 5).then().statusCode(200)
                .body("from.onHand", equalTo(0))
                .body("to.onHand", equalTo(5))
                .body("to.reserved", equalTo(0))
                .body("to.version", equalTo(1));
        Stock.product(product).then().body("warehouses.size()", equalTo(2));
    }

    @Test
    void shouldRefuseTransferBeyondAvailableAndChangeNothing() {
        Stock.stocked(product, from, 10);
        Stock.reserved(product, from, 8);
        String before = Stock.snapshot(product);
        Stock.transfer(product, from, to, 3).then().statusCode(409)
                .contentType("application/problem+json")
                .body("errorType", equalTo("insufficient_stock"))
                .body("current.available", equalTo(2))
                .body("current.version", equalTo(2));
        assertThat(Stock.snapshot(product)).isEqualTo(before);
        Stock.transfer(product, from, to, 2).then().statusCode(200).body("from.available", equalTo(0));
    }

    /** Crossing transfers lock both levels in the same order, so they never deadlock and never lose a unit. */
    @Test
    void shouldConserveStockUnderCrossingConcurrentTransfers() throws Exception {
        Stock.stocked(product, from, 100);
        Stock.stocked(product, to, 100);
        int threads = 8;
        int perThread = 10;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<List<Integer>>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                boolean forward = t % 2 == 0;
                results.add(pool.submit(() -> {
                    List<Integer> statuses = new ArrayList<>();
                    for (int i = 0; i < perThread; i++) {
                        statuses.add(forward ? Stock.transfer(product, from, to, 1).statusCode()
                                : Stock.transfer(product, to, from, 1).statusCode());
                    }
                    return statuses;
                }));
            }
            for (Future<List<Integer>> result : results) {
                assertThat(result.get(60, TimeUnit.SECONDS)).containsOnly(200);
            }
        } finally {
            pool.shutdownNow();
        }
        int transfers = threads * perThread;
        Stock.product(product).then().statusCode(200)
                .body("onHand", equalTo(200))
                .body("warehouses.find { it.warehouseId == '" + from + "' }.onHand", equalTo(100))
                .body("warehouses.find { it.warehouseId == '" + from + "' }.version", equalTo(1 + transfers))
                .body("warehouses.find { it.warehouseId == '" + to + "' }.onHand", equalTo(100))
                .body("warehouses.find { it.warehouseId == '" + to + "' }.version", equalTo(1 + transfers));
    }
}
