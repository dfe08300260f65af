package io.stockflow.warehouse;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.stockflow.testsupport.PostgresDatabase;
import io.stockflow.warehouse.support.Db;
import io.stockflow.warehouse.support.Stock;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The recently-updated feed: every change after the cursor once, in a stable order, and a change
 * whose transaction commits late is delivered after it commits rather than skipped.
 */
@QuarkusTest
@QuarkusTestResource(PostgresDatabase.class)
class RecentlyUpdatedTest {

    @Inject
    AgroalDataSource dataSource;

    static JsonPath page(Map<String, Object> body) {
        return given().contentType(ContentType.JSON).body(body).post("/v1/inventory/recently-updated")
                .then().statusCode(200).extract().jsonPath();
    }

    /** Reads the feed from the cursor until it is exhausted; returns "product/warehouse@version" seen, and the cursor. */
    static String drain(String cursor, String warehouse, int limit, List<String> seen) {
        while (true) {
            Map<String, Object> body = new HashMap<>(Map.of("warehouseId", warehouse, "limit", limit));
            if (cursor != null) {
                body.put("cursor", cursor);
            }
            JsonPath page = page(body);
            List<Map<String, Object>> items = page.getList("items");
            items.forEach(i -> seen.add(i.get("productId") + "/" + i.get("warehouseId") + "@" + i.get("version")));
            cursor = page.getString("nextCursor");
            assertThat(cursor).isNotNull();
            if (!page.getBoolean("hasMore")) {
                return cursor;
            }
        }
    }

    @Test
    void shouldPageEveryChangeOnceInStableOrder() {
        String warehouse = Stock.warehouse();
        List<String> products = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            String product = Stock.productId();
            products.add(product);
            Stock.stocked(product, warehouse, 20 + i);
        }
        List<String> seen = new ArrayList<>();
        String cursor = drain(null, warehouse, 3, seen);
        assertThat(seen).containsExactlyInAnyOrderElementsOf(products.stream().map(p -> p + "/" + warehouse + "@1").toList());

        Stock.adjust(products.get(2), warehouse, 5).then().statusCode(200);
        List<String> after = new ArrayList<>();
        drain(cursor, warehouse, 3, after);
        assertThat(after).containsExactly(products.get(2) + "/" + warehouse + "@2");
    }

    @Test
    void shouldDeliverLateCommitInsteadOfSkippingIt() throws Exception {
        String warehouse = Stock.warehouse();
        String early = Stock.productId();
        String late = Stock.productId();
        Stock.stocked(late, warehouse, 50);
        List<String> seen = new ArrayList<>();
        String cursor = drain(null, warehouse, 100, seen);

        try (Connection slow = dataSource.getConnection()) {
            slow.setAutoCommit(false);
            // the slow writer takes its transaction id first, then stalls before committing
            try (PreparedStatement ps = slow.prepareStatement("UPDATE stock_level SET on_hand = on_hand + 1, "
                    + "version = version + 1, change_xid = pg_current_xact_id(), updated_at = now() "
                    + "WHERE product_id = ? AND warehouse_id = ?")) {
                ps.setString(1, late);
                ps.setString(2, warehouse);
                assertThat(ps.executeUpdate()).isEqualTo(1);
            }
            try (PreparedStatement ps = slow.prepareStatement("INSERT INTO stock_movement (type, product_id, "
                    + "warehouse_id, delta_on_hand, delta_reserved, on_hand_after, reserved_after, version_after, reason, actor) "
                    + "VALUES ('adjusted', ?, ?, 1, 0, 51, 0, 2, 'received', 'test')")) {
                ps.setString(1, late);
                ps.setString(2, warehouse);
                ps.executeUpdate();
            }
            // a later transaction commits first
            Stock.stocked(early, warehouse, 30);
            List<String> whileOpen = new ArrayList<>();
            cursor = drain(cursor, warehouse, 100, whileOpen);
            assertThat(whileOpen).as("nothing newer than the open transaction is served yet").isEmpty();
            slow.commit();
        }

        List<String> afterCommit = new ArrayList<>();
        drain(cursor, warehouse, 100, afterCommit);
        assertThat(afterCommit).containsExactlyInAnyOrder(late + "/" + warehouse + "@2", early + "/" + warehouse + "@1");
    }

    @Test
    void shouldFilterBySinceOnFirstPage() throws Exception {
        String warehouse = Stock.warehouse();
        String before = Stock.productId();
        String after = Stock.productId();
        Stock.stocked(before, warehouse, 20);
        Thread.sleep(20);
        Instant since = Instant.now();
        Thread.sleep(20);
        Stock.stocked(after, warehouse, 20);
        JsonPath page = page(Map.of("since", since.toString(), "warehouseId", warehouse));
        assertThat(page.getList("items.productId", String.class)).containsExactly(after);
    }

    @Test
    void shouldServeALevelChangedAgainOnceAtItsLatestChange() {
        String warehouse = Stock.warehouse();
        String product = Stock.productId();
        String other = Stock.productId();
        Stock.stocked(product, warehouse, 10);
        String cursor = drain(null, warehouse, 100, new ArrayList<>());

        // three changes of one level, one of another in between, in four transactions (four ledger entries)
        Stock.adjust(product, warehouse, 1).then().statusCode(200);
        Stock.stocked(other, warehouse, 5);
        Stock.adjust(product, warehouse, 1).then().statusCode(200);
        Stock.threshold(product, warehouse, 3).then().statusCode(200);

        List<String> seen = new ArrayList<>();
        cursor = drain(cursor, warehouse, 1, seen);
        assertThat(seen).containsExactly(other + "/" + warehouse + "@1", product + "/" + warehouse + "@4");

        List<String> again = new ArrayList<>();
        drain(cursor, warehouse, 1, again);
        assertThat(again).as("the level's earlier ledger entries are passed over, not served later").isEmpty();
    }

    @Test
    void shouldServeTheSameLevelsFromAFirstPageAsFromTheLedgerAfterIt() {
        String warehouse = Stock.warehouse();
        List<String> written = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String product = Stock.productId();
            Stock.stocked(product, warehouse, 1 + i);
            Stock.adjust(product, warehouse, 1).then().statusCode(200);
            written.add(product + "/" + warehouse + "@2");
        }
        // page size 2: the first page scans the levels, the rest page through the ledger from its cursor
        List<String> seen = new ArrayList<>();
        drain(null, warehouse, 2, seen);
        assertThat(seen).containsExactlyElementsOf(written);
    }

    @Test
    void shouldLeaveStockLevelWithoutAnIndexOnAColumnAChangeMoves() throws Exception {
        // a change moves every column but the key; an index on any of them makes the update a non-HOT one
        // that inserts into every index of the table (V12)
        List<String> indexed = Db.strings(dataSource, "SELECT DISTINCT a.attname FROM pg_index i "
                + "JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey) "
                + "WHERE i.indrelid = 'stock_level'::regclass");
        assertThat(indexed).containsExactlyInAnyOrder("product_id", "warehouse_id");
    }
}
