package io.stockflow.testsupport;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The paging of {@code POST /v1/inventory/recently-updated} as the catalog's drift sync relies on it,
 * asked of a warehouse over HTTP with the catalog's service key: every change after {@code since} or
 * after the cursor, each once, the cursor of an exhausted page polled later giving only newer changes.
 * The warehouse runs it against its real API ({@code RecentlyUpdatedContractTest}), the catalog against
 * the fake its tests use ({@code FakeWarehouseContractTest}): a change to one that the other lacks fails.
 */
public abstract class RecentlyUpdatedContract {

    /** The warehouse API's base URI, e.g. {@code http://127.0.0.1:8081}. */
    protected abstract String baseUri();

    /** A warehouse the changes go to (created if the warehouse needs it). */
    protected abstract String warehouse();

    /** Changes a level as a warehouse command would, raising its version by one (the first creates it at 1). */
    protected abstract void change(String productId, String warehouseId);

    protected String productId() {
        return "SKU-RU" + UUID.randomUUID().toString().substring(0, 13);
    }

    private record Page(List<String> items, String nextCursor, boolean hasMore) {
    }

    /** One page, its items as {@code product/warehouse@version}, those of {@code products} only. */
    private Page page(Instant since, String cursor, int limit, Set<String> products) {
        Map<String, Object> body = new HashMap<>();
        body.put("limit", limit);
        if (cursor != null) {
            body.put("cursor", cursor);
        } else if (since != null) {
            body.put("since", since.toString());
        }
        JsonPath page = given().baseUri(baseUri()).header(TestKeys.HEADER, TestKeys.SERVICE).contentType(ContentType.JSON)
                .body(body).post("/v1/inventory/recently-updated").then().statusCode(200).extract().jsonPath();
        List<Map<String, Object>> items = page.getList("items");
        assertThat(items.size()).as("a page holds at most its limit").isLessThanOrEqualTo(limit);
        List<String> ours = new ArrayList<>();
        for (Map<String, Object> item : items) {
            if (products.contains(String.valueOf(item.get("productId")))) {
                ours.add(item.get("productId") + "/" + item.get("warehouseId") + "@" + item.get("version"));
            }
        }
        return new Page(ours, page.getString("nextCursor"), page.getBoolean("hasMore"));
    }

    /** Reads pages until one says there are no more; adds what they hold to {@code seen}, returns the last cursor. */
    private String drain(Instant since, String cursor, int limit, Set<String> products, List<String> seen) {
        for (int pages = 0; pages < 1000; pages++) {
            Page page = page(since, cursor, limit, products);
            seen.addAll(page.items());
            assertThat(page.nextCursor()).as("every page answers a cursor to go on from").isNotNull();
            cursor = page.nextCursor();
            if (!page.hasMore()) {
                return cursor;
            }
        }
        throw new AssertionError("the pages never ended");
    }

    private static Instant justBefore() {
        return Instant.now().minusMillis(1);
    }

    @Test
    void shouldPageThroughEveryChangeOnceWhateverThePageSize() {
        String warehouse = warehouse();
        Instant since = justBefore();
        List<String> expected = new ArrayList<>();
        Set<String> products = new java.util.HashSet<>();
        for (int i = 0; i < 5; i++) {
            String product = productId();
            products.add(product);
            change(product, warehouse);
            expected.add(product + "/" + warehouse + "@1");
        }
        for (int limit : List.of(1, 2, 5, 100)) {
            List<String> seen = new ArrayList<>();
            drain(since, null, limit, products, seen);
            assertThat(seen).as("limit %d", limit).containsExactlyInAnyOrderElementsOf(expected);
        }
    }

    @Test
    void shouldGiveOnlyNewerChangesWhenPolledAgainWithTheLastCursor() {
        String warehouse = warehouse();
        Instant since = justBefore();
        String a = productId();
        String b = productId();
        String c = productId();
        Set<String> products = Set.of(a, b, c);
        change(a, warehouse);
        change(b, warehouse);
        String cursor = drain(since, null, 1, products, new ArrayList<>());

        List<String> nothing = new ArrayList<>();
        cursor = drain(null, cursor, 1, products, nothing);
        assertThat(nothing).as("polled again with nothing changed").isEmpty();

        change(a, warehouse);
        change(c, warehouse);
        List<String> newer = new ArrayList<>();
        drain(null, cursor, 1, products, newer);
        assertThat(newer).containsExactlyInAnyOrder(a + "/" + warehouse + "@2", c + "/" + warehouse + "@1");
    }

    @Test
    void shouldAnswerACursorToPollFromWhenNothingChangedSince() {
        String warehouse = warehouse();
        String product = productId();
        Set<String> products = Set.of(product);
        List<String> nothing = new ArrayList<>();
        String cursor = drain(Instant.now(), null, 10, products, nothing);
        assertThat(nothing).isEmpty();

        change(product, warehouse);
        List<String> later = new ArrayList<>();
        drain(null, cursor, 10, products, later);
        assertThat(later).containsExactly(product + "/" + warehouse + "@1");
    }

    @Test
    void shouldLeaveOutChangesUpToSince() throws InterruptedException {
        String warehouse = warehouse();
        String before = productId();
        String after = productId();
        change(before, warehouse);
        Thread.sleep(5); // times apart from since, whichever clock stamps them
        Instant since = Instant.now();
        Thread.sleep(5);
        change(after, warehouse);
        List<String> seen = new ArrayList<>();
        drain(since, null, 10, Set.of(before, after), seen);
        assertThat(seen).containsExactly(after + "/" + warehouse + "@1");
    }
}
