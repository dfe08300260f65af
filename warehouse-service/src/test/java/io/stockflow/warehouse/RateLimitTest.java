package io.stockflow.warehouse;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.stockflow.testsupport.PostgresDatabase;
import io.stockflow.testsupport.RateLimits;
import io.stockflow.warehouse.support.Stock;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Rate limiting against the real Redis: budgets of 5 API and 3 admin requests a minute per API key
 * (authentication off here, so a client is the SHA-256 of the key it sends; each test uses fresh keys).
 */
@QuarkusTest
@TestProfile(RateLimitTest.SmallBudgets.class)
@QuarkusTestResource(PostgresDatabase.class)
class RateLimitTest {

    static final int BUDGET = 5;
    static final int ADMIN_BUDGET = 3;
    static final String STATUS = "/v1/admin/rate-limit/status";

    public static class SmallBudgets implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return RateLimits.on("type", "key", "requests-per-minute", Integer.toString(BUDGET),
                    "admin-requests-per-minute", Integer.toString(ADMIN_BUDGET), "window", "60s");
        }
    }

    @Inject
    MeterRegistry registry;

    @Test
    void shouldCountDownOnAllowedRequestsAndRefuseTheFirstOverBudgetWithAProblem() {
        String key = freshKey();
        for (int i = 1; i <= BUDGET; i++) {
            Response allowed = get(key, "/v1/warehouses");
            allowed.then().statusCode(200);
            assertThat(allowed.header("RateLimit-Limit")).isEqualTo(Integer.toString(BUDGET));
            assertThat(allowed.header("RateLimit-Remaining")).isEqualTo(Integer.toString(BUDGET - i));
            assertThat(Integer.parseInt(allowed.header("RateLimit-Reset"))).isBetween(1, 60);
        }

        Response refused = get(key, "/v1/warehouses");
        refused.then().statusCode(429).contentType("application/problem+json")
                .body("type", equalTo("urn:stockflow:problem:rate_limited"))
                .body("title", equalTo("Too many requests"))
                .body("status", equalTo(429))
                .body("errorType", equalTo("rate_limited"));
        assertThat(refused.jsonPath().getString("detail")).isNotBlank();
        assertThat(Integer.parseInt(refused.header("Retry-After"))).isBetween(1, 60);
        assertThat(refused.header("RateLimit-Limit")).isEqualTo(Integer.toString(BUDGET));
        assertThat(refused.header("RateLimit-Remaining")).isEqualTo("0");
        assertThat(Integer.parseInt(refused.header("RateLimit-Reset"))).isBetween(1, 60);
    }

    @Test
    void shouldChangeNothingWhenRefused() {
        String key = freshKey();
        String warehouse = Stock.warehouse();
        String product = Stock.productId();
        spend(key, BUDGET);

        given().header("X-API-Key", key).contentType("application/json").body(Stock.adjustment(product, warehouse, 7))
                .post("/v1/inventory/adjustments").then().statusCode(429).body("errorType", equalTo("rate_limited"));

        Stock.product(product).then().statusCode(404);
    }

    @Test
    void shouldCountEachKeyOnItsOwn() {
        String spent = freshKey();
        spend(spent, BUDGET);
        get(spent, "/v1/warehouses").then().statusCode(429);

        Response other = get(freshKey(), "/v1/warehouses");
        other.then().statusCode(200);
        assertThat(other.header("RateLimit-Remaining")).isEqualTo(Integer.toString(BUDGET - 1));
    }

    @Test
    void shouldKeepTheAdminBudgetApartFromTheApis() {
        String key = freshKey();
        spend(key, BUDGET);
        get(key, "/v1/warehouses").then().statusCode(429);

        for (int i = 1; i <= ADMIN_BUDGET; i++) {
            Response admin = get(key, STATUS);
            admin.then().statusCode(200);
            assertThat(admin.header("RateLimit-Limit")).isEqualTo(Integer.toString(ADMIN_BUDGET));
            assertThat(admin.header("RateLimit-Remaining")).isEqualTo(Integer.toString(ADMIN_BUDGET - i));
        }
        get(key, STATUS).then().statusCode(429).body("errorType", equalTo("rate_limited"));
        get(key, "/v1/warehouses").then().statusCode(429);
    }

    @Test
    void shouldListEveryClientOfTheWindowInTheStatus() {
        String busy = freshKey();
        String blocked = freshKey();
        Instant before = Instant.now();
        spend(busy, 2);
        spend(blocked, BUDGET);
        get(blocked, "/v1/warehouses").then().statusCode(429);

        Response response = get(freshKey(), STATUS);
        response.then().statusCode(200)
                .body("enabled", equalTo(true))
                .body("type", equalTo("key"))
                .body("requestsPerMinute", equalTo(BUDGET))
                .body("adminRequestsPerMinute", equalTo(ADMIN_BUDGET))
                .body("redisReachable", equalTo(true));
        assertThat(response.asString()).doesNotContain(busy).doesNotContain(blocked);
        JsonPath status = response.jsonPath();

        Map<String, Object> busyClient = client(status, "apikey:" + sha256(busy));
        assertThat(busyClient).containsEntry("scope", "api").containsEntry("requestCount", 2).containsEntry("isBlocked", false);
        Instant windowStart = Instant.parse((String) busyClient.get("windowStart"));
        assertThat(windowStart).isBetween(before.minusSeconds(2), Instant.now().plusSeconds(2));

        assertThat(client(status, "apikey:" + sha256(blocked))) // the refused request counts too
                .containsEntry("requestCount", BUDGET + 1).containsEntry("remaining", 0).containsEntry("isBlocked", true);
    }

    @Test
    void shouldCountRefusals() {
        double before = violations();
        String key = freshKey();
        spend(key, BUDGET);
        get(key, "/v1/warehouses").then().statusCode(429);
        get(key, "/v1/warehouses").then().statusCode(429);
        assertThat(violations() - before).isEqualTo(2.0);
    }

    /** Health and metrics are on the management interface, which the limiter never sees. */
    @Test
    void shouldNeverLimitHealth() {
        String key = freshKey();
        spend(key, BUDGET);
        get(key, "/v1/warehouses").then().statusCode(429);
        for (int i = 0; i < BUDGET * 2; i++) {
            Response health = get(key, io.stockflow.testsupport.Management.url("/q/health/ready"));
            health.then().statusCode(200);
            assertThat(health.header("RateLimit-Limit")).isNull();
        }
    }

    @Test
    void shouldCountProbesOfPathsNoEndpointServes() {
        String key = freshKey();
        Response unknown = get(key, "/v1/no-such-path");
        unknown.then().statusCode(404);
        assertThat(unknown.header("RateLimit-Remaining")).isEqualTo(Integer.toString(BUDGET - 1));
        assertThat(get(key, "/v1/warehouses").header("RateLimit-Remaining")).isEqualTo(Integer.toString(BUDGET - 2));
    }

    private double violations() {
        return registry.find("inventory.rate_limit.violations").tag("scope", "api").counter().count();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> client(JsonPath status, String clientId) {
        List<Map<String, Object>> clients = status.getList("currentClients");
        return clients.stream().filter(c -> clientId.equals(c.get("clientId"))).findFirst()
                .orElseThrow(() -> new AssertionError(clientId + " not among " + clients));
    }

    private static void spend(String key, int requests) {
        for (int i = 0; i < requests; i++) {
            get(key, "/v1/warehouses").then().statusCode(200);
        }
    }

    private static Response get(String key, String path) {
        return given().header("X-API-Key", key).get(path);
    }

    private static String freshKey() {
        return "rl-" + UUID.randomUUID();
    }

    private static String sha256(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

}
