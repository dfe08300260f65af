package io.stockflow.warehouse.rest;

import static io.restassured.RestAssured.given;
import static io.stockflow.warehouse.support.OutboxFixtures.commitAdjustment;
import static io.stockflow.warehouse.support.OutboxFixtures.currentFeedHead;
import static io.stockflow.warehouse.support.OutboxFixtures.newProductId;
import static io.stockflow.warehouse.support.OutboxFixtures.writeAdjustment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.stockflow.warehouse.support.EventPipelineProfile;
import io.stockflow.warehouse.support.ExclusiveRelayDatabase;
import io.stockflow.warehouse.support.OutboxFixtures.WrittenEvent;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(EventPipelineProfile.class)
class EventsFeedResourceTest {

    @Test
    void shouldServeEventsAfterOffsetAsStructuredCloudEvents() {
        long head = currentFeedHead();
        String productId = newProductId();
        WrittenEvent written = commitAdjustment(productId, 1);

        JsonPath page = await().atMost(Duration.ofSeconds(10))
                .until(() -> feed(head, 1000, 0), p -> p.getList("events.subject").contains(productId));

        Map<String, Object> event = eventsOf(page, productId).get(0);
        assertThat(event).containsEntry("specversion", "1.0")
                .containsEntry("id", written.eventId().toString())
                .containsEntry("source", "/warehouse-service")
                .containsEntry("type", "warehouse.stock.adjusted")
                .containsEntry("subject", productId)
                .containsEntry("datacontenttype", "application/json")
                .containsEntry("partitionkey", productId)
                .containsEntry("sequence", Long.toString(written.sequence()))
                .containsKey("time");
        assertThat(event.get("data")).isEqualTo(JsonPath.from(written.json()).getMap(""));
        assertThat(page.getInt("count")).isEqualTo(page.getList("events").size());
        assertThat(page.getLong("nextOffset")).isGreaterThan(head);
    }

    @Test
    void shouldPageWithoutRepeatingOrSkipping() {
        long head = currentFeedHead();
        String productId = newProductId();
        List<String> written = new ArrayList<>();
        for (int version = 1; version <= 5; version++) {
            written.add(commitAdjustment(productId, version).eventId().toString());
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> eventsOf(feed(head, 1000, 0), productId).size() == 5);

        List<String> paged = new ArrayList<>();
        long offset = head;
        boolean hasMore = true;
        while (hasMore) {
            JsonPath page = feed(offset, 2, 0);
            assertThat(page.getInt("count")).isLessThanOrEqualTo(2);
            eventsOf(page, productId).forEach(e -> paged.add((String) e.get("id")));
            offset = page.getLong("nextOffset");
            hasMore = page.getBoolean("hasMore");
        }
        assertThat(paged).containsExactlyElementsOf(written);
    }

    @Test
    void shouldServeLateCommitAfterOffsetPastLaterSequence() throws Exception {
        long head = currentFeedHead();
        String late = newProductId();
        String early = newProductId();
        try (Connection transaction = ExclusiveRelayDatabase.connect()) {
            transaction.setAutoCommit(false);
            WrittenEvent lowerSequence = writeAdjustment(transaction, late, 1);
            commitAdjustment(early, 1);
            JsonPath first = await().atMost(Duration.ofSeconds(10))
                    .until(() -> feed(head, 1000, 0), p -> p.getList("events.subject").contains(early));
            assertThat(first.getList("events.subject")).doesNotContain(late);

            transaction.commit();
            JsonPath next = await().atMost(Duration.ofSeconds(10))
                    .until(() -> feed(first.getLong("nextOffset"), 1000, 5), p -> p.getList("events.subject").contains(late));
            assertThat(eventsOf(next, late).get(0)).containsEntry("id", lowerSequence.eventId().toString());
        }
    }

    @Test
    void shouldAnswerLongPollAsSoonAsAnEventCommits() throws Exception {
        long head = currentFeedHead();
        String productId = newProductId();
        CompletableFuture<JsonPath> longPoll = CompletableFuture.supplyAsync(() -> feed(head, 1000, 30));
        Thread.sleep(300); // let the request start waiting

        WrittenEvent written = commitAdjustment(productId, 1);

        JsonPath page = longPoll.get(10, TimeUnit.SECONDS); // well before the 30 s wait ends
        assertThat(page.getList("events.id")).contains(written.eventId().toString());
    }

    @Test
    void shouldWaitUntilTimeoutAndReturnEmptyPageWhenNothingArrives() {
        long beyond = Long.MAX_VALUE - 1;
        long started = System.nanoTime();

        JsonPath page = feed(beyond, 10, 1);

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(900));
        assertThat(page.getList("events")).isEmpty();
        assertThat(page.getInt("count")).isZero();
        assertThat(page.getLong("nextOffset")).isEqualTo(beyond);
        assertThat(page.getBoolean("hasMore")).isFalse();
    }

    @Test
    void shouldRejectOutOfRangeParametersAsValidationProblem() {
        given().queryParam("offset", -1).queryParam("limit", 1001).queryParam("wait", 61)
                .get("/v1/inventory/events")
                .then().statusCode(400)
                .contentType(startsWith("application/problem+json"))
                .body("status", equalTo(400))
                .body("errorType", equalTo("validation_error"))
                .body("errors.field", containsInAnyOrder("offset", "limit", "wait"));
    }

    @Test
    void shouldRejectNonNumericParameterAsValidationProblem() {
        given().queryParam("limit", "ten").get("/v1/inventory/events")
                .then().statusCode(400)
                .body("errorType", equalTo("validation_error"))
                .body("errors.field", containsInAnyOrder("limit"));
        given().queryParam("limit", 0).get("/v1/inventory/events")
                .then().statusCode(400).body("errors.field", containsInAnyOrder("limit"));
    }

    private static JsonPath feed(long offset, int limit, int waitSeconds) {
        return given().queryParam("offset", offset).queryParam("limit", limit).queryParam("wait", waitSeconds)
                .get("/v1/inventory/events").then().statusCode(200).extract().jsonPath();
    }

    private static List<Map<String, Object>> eventsOf(JsonPath page, String productId) {
        List<Map<String, Object>> events = page.getList("events");
        return events.stream().filter(e -> productId.equals(e.get("subject"))).toList();
    }
}
