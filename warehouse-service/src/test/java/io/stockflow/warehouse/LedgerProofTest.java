package io.stockflow.warehouse;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.stockflow.testsupport.PostgresDatabase;
import io.stockflow.warehouse.support.Stock;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The ledger is the history: replaying it gives every level exactly, and a level that drifts is caught. */
@QuarkusTest
@QuarkusTestResource(PostgresDatabase.class)
class LedgerProofTest {

    @Inject
    AgroalDataSource dataSource;

    @Test
    void shouldReplayLedgerToEveryLevelAfterMixedChanges() {
        String product = Stock.productId();
        String a = Stock.warehouse();
        String b = Stock.warehouse();
        Stock.stocked(product, a, 100);
        Stock.adjust(product, a, -7).then().statusCode(200);
        given().contentType(ContentType.JSON)
                .body(Map.of("productId", product, "fromWarehouseId", a, "toWarehouseId", b, "quantity", 30))
                .post("/v1/inventory/transfers").then().statusCode(200);
        String id = Stock.reserve(Map.of("lines", List.of(Map.of("productId", product, "quantity", 80))))
                .then().statusCode(201).extract().path("reservationId");
        given().post("/v1/inventory/reservations/" + id + "/commit").then().statusCode(200);
        given().contentType(ContentType.JSON).body(Map.of("onHand", 55, "reason", "cycle_count"))
                .put("/v1/inventory/" + product + "/warehouses/" + b).then().statusCode(200);
        given().contentType(ContentType.JSON).body(Map.of("lowStockThreshold", 3))
                .put("/v1/inventory/" + product + "/warehouses/" + a + "/threshold").then().statusCode(200);

        given().queryParam("productId", product).get("/v1/admin/ledger/verify").then().statusCode(200)
                .body("consistent", equalTo(true))
                .body("levelsChecked", equalTo(2))
                .body("mismatches", hasSize(0));
    }

    @Test
    void shouldReportLevelThatDriftsFromItsLedger() throws Exception {
        String product = Stock.productId();
        String warehouse = Stock.warehouse();
        Stock.stocked(product, warehouse, 100);
        shiftOnHand(product, 1);
        try {
            given().queryParam("productId", product).get("/v1/admin/ledger/verify").then().statusCode(200)
                    .body("consistent", equalTo(false))
                    .body("mismatches[0].productId", equalTo(product))
                    .body("mismatches[0].onHand", equalTo(101))
                    .body("mismatches[0].replayedOnHand", equalTo(100));
        } finally {
            shiftOnHand(product, -1); // the test database is shared: leave no drift behind
        }
    }

    @Test
    void shouldRefuseToRewriteHistory() throws Exception {
        String product = Stock.productId();
        Stock.stocked(product, Stock.warehouse(), 100);
        try (Connection c = dataSource.getConnection();
                PreparedStatement rewrite = c.prepareStatement(
                        "UPDATE stock_movement SET delta_on_hand = 1 WHERE product_id = ?")) {
            rewrite.setString(1, product);
            assertThatThrownBy(rewrite::executeUpdate).isInstanceOf(SQLException.class)
                    .hasMessageContaining("append-only");
        }
    }

    private void shiftOnHand(String product, int by) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement drift = c.prepareStatement(
                        "UPDATE stock_level SET on_hand = on_hand + ? WHERE product_id = ?")) {
            drift.setInt(1, by);
            drift.setString(2, product);
            drift.executeUpdate();
        }
    }
}
