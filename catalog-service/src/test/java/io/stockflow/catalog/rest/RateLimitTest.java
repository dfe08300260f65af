package io.stockflow.catalog.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.stockflow.testsupport.RateLimits;
import io.stockflow.testsupport.RedisTestServer;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisClientType;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The catalog limits its clients with the same shared counters as the warehouse (service-support):
 * here by address, 3 reads a minute; a test of its own keeps every other catalog test unlimited.
 */
@QuarkusTest
@TestProfile(RateLimitTest.ByAddress.class)
class RateLimitTest {

    public static class ByAddress implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return RateLimits.on("type", "ip", "requests-per-minute", "3", "window", "20s");
        }
    }

    @Inject
    Vertx vertx;

    @BeforeEach
    void forgetEarlierRunsOfThisAddress() throws Exception {
        String url = ConfigProvider.getConfig().getValue("stockflow.rate-limit.redis.url", String.class);
        Redis redis = Redis.createClient(vertx, RedisTestServer.cluster()
                ? new RedisOptions().setType(RedisClientType.CLUSTER).setEndpoints(List.of(url.split(",")))
                : new RedisOptions().setConnectionString(url));
        try {
            // one key a command: on a cluster the two may live on different nodes
            for (String scope : List.of("api", "admin")) {
                redis.send(Request.cmd(Command.DEL).arg("stockflow:ratelimit:catalog-service:" + scope + ":ip:127.0.0.1"))
                        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            }
        } finally {
            redis.close();
        }
    }

    @Test
    void shouldRefuseTheFourthReadOfAMinuteFromOneAddressWhateverItsKeysAndShowItInTheStatus() {
        // 3 a minute over a 20 s window: a budget of 1 per window
        Response first = given().header("X-API-Key", "one").get("/v1/products?limit=1");
        first.then().statusCode(200);
        assertThat(first.header("RateLimit-Limit")).isEqualTo("1");
        assertThat(first.header("RateLimit-Remaining")).isEqualTo("0");

        Response refused = given().header("X-API-Key", "another").get("/v1/products?limit=1");
        refused.then().statusCode(429).contentType("application/problem+json")
                .body("errorType", equalTo("rate_limited"))
                .body("status", equalTo(429));
        assertThat(Integer.parseInt(refused.header("Retry-After"))).isBetween(1, 20);

        given().get("/v1/admin/rate-limit/status").then().statusCode(200)
                .body("enabled", equalTo(true))
                .body("type", equalTo("ip"))
                .body("requestsPerWindow", equalTo(1))
                .body("currentClients.clientId", hasItem("ip:127.0.0.1"))
                .body("currentClients.find { it.scope == 'api' }.isBlocked", equalTo(true));
    }
}
