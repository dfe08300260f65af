package io.stockflow.catalog.rest;

import static io.restassured.RestAssured.given;
import static io.stockflow.catalog.support.Levels.level;
import static io.stockflow.catalog.support.Levels.newProductId;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.lessThan;

import io.cloudevents.CloudEvent;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.stockflow.catalog.support.Events;
import io.stockflow.catalog.support.Products;
import io.stockflow.catalog.support.SilentRedis;
import io.stockflow.support.problem.Problem;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Redis that does not answer: reads and pushed events end in a 503 problem the client may retry
 * (Retry-After), after the configured timeout, never a 500.
 */
@QuarkusTest
@TestProfile(RedisUnavailableTest.StalledRedis.class)
class RedisUnavailableTest {

    public static class StalledRedis implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("catalog.cache.redis-timeout", "300ms",
                    "catalog.warmup.enabled", "false",
                    "catalog.consumer.enabled", "false");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(SilentRedis.class));
        }
    }

    private static void assertUnavailable(ValidatableResponse response) {
        response.statusCode(503)
                .contentType(Problem.MEDIA_TYPE)
                .header("Retry-After", "1")
                .body("status", equalTo(503))
                .body("errorType", equalTo("service_unavailable"))
                .time(lessThan(5_000L));
    }

    @Test
    void shouldAnswer503ToAProductRead() {
        assertUnavailable(given().get("/v1/products/{id}", newProductId()).then());
    }

    @Test
    void shouldAnswer503ToABatch() {
        assertUnavailable(given().contentType(ContentType.JSON)
                .body(Map.of("productIds", List.of(newProductId(), newProductId())))
                .post("/v1/products/batch").then());
    }

    @Test
    void shouldAnswer503ToAPageWhoseStockCannotBeRead() {
        String category = "stalled-" + newProductId();
        Products.create(newProductId(), category); // committed; evicting its cache entry fails, as Redis does
        assertUnavailable(given().queryParam("category", category).get("/v1/products").then());
    }

    @Test
    void shouldAnswer503ToAPushedEventSoTheSenderRetries() {
        CloudEvent event = Events.adjusted(level(newProductId(), "WH-1", 3, 0, 1));
        assertUnavailable(given().header("ce-specversion", "1.0").header("ce-id", event.getId())
                .header("ce-source", event.getSource().toString()).header("ce-type", event.getType())
                .header("ce-subject", event.getSubject())
                .contentType("application/json").body(event.getData().toBytes())
                .post("/events/stock-updated").then());
    }
}
