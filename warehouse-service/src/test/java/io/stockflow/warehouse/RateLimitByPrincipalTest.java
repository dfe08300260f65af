package io.stockflow.warehouse;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.stockflow.testsupport.PostgresDatabase;
import io.stockflow.testsupport.RateLimits;
import io.stockflow.testsupport.TestKeys;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Rate limiting with authentication on, as in production: a client is the key's principal, whatever
 * address it comes from; service keys are never limited. Budgets of 4 API and 3 admin requests a
 * minute; each test spends the budget of principals no other test of the class uses.
 */
@QuarkusTest
@TestProfile(RateLimitByPrincipalTest.PerPrincipal.class)
@QuarkusTestResource(PostgresDatabase.class)
class RateLimitByPrincipalTest {

    static final int BUDGET = 4;
    static final String SERVICE = "warehouse-service";

    public static class PerPrincipal implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return RateLimits.withKeys("type", "key", "requests-per-minute", Integer.toString(BUDGET),
                    "admin-requests-per-minute", "3", "window", "60s");
        }
    }

    /** Counts left in Redis by an earlier run of this class within the minute. */
    @BeforeAll
    static void forgetEarlierRuns() throws Exception {
        Vertx vertx = Vertx.vertx();
        Redis redis = Redis.createClient(vertx, ConfigProvider.getConfig().getValue("stockflow.rate-limit.redis.url", String.class));
        try {
            Request delete = Request.cmd(Command.DEL);
            for (String principal : List.of(TestKeys.WRITE_PRINCIPAL, TestKeys.OTHER_WRITE_PRINCIPAL, "test-reader",
                    TestKeys.SERVICE_PRINCIPAL, TestKeys.ADMIN_PRINCIPAL)) {
                for (String scope : List.of("api", "admin")) {
                    delete.arg("stockflow:ratelimit:" + SERVICE + ":" + scope + ":principal:" + principal);
                }
            }
            redis.send(delete).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } finally {
            redis.close();
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void shouldGiveEachPrincipalItsOwnBudgetAndNameItInTheStatusWithoutItsSecret() {
        for (int i = 1; i <= BUDGET; i++) {
            Response allowed = get(TestKeys.WRITE, "/v1/warehouses");
            allowed.then().statusCode(200);
            assertThat(allowed.header("RateLimit-Remaining")).isEqualTo(Integer.toString(BUDGET - i));
        }
        get(TestKeys.WRITE, "/v1/warehouses").then().statusCode(429).body("errorType", equalTo("rate_limited"));

        Response other = get(TestKeys.OTHER_WRITE, "/v1/warehouses");
        other.then().statusCode(200);
        assertThat(other.header("RateLimit-Remaining")).isEqualTo(Integer.toString(BUDGET - 1));

        Response status = get(TestKeys.ADMIN, "/v1/admin/rate-limit/status");
        status.then().statusCode(200).body("type", equalTo("key"));
        assertThat(status.asString()).contains("principal:" + TestKeys.WRITE_PRINCIPAL)
                .doesNotContain(TestKeys.WRITE).doesNotContain(TestKeys.OTHER_WRITE);
    }

    @Test
    void shouldNeverLimitTheCatalogsServiceKey() {
        for (int i = 0; i < 3 * BUDGET; i++) {
            Response served = get(TestKeys.SERVICE, "/v1/warehouses");
            served.then().statusCode(200);
            assertThat(served.header("RateLimit-Limit")).isNull();
        }
    }

    @Test
    void shouldRefuseAnUnknownKeyWith401BeforeCountingIt() {
        for (int i = 0; i < 2 * BUDGET; i++) {
            get("not-a-key", "/v1/warehouses").then().statusCode(401).body("errorType", equalTo("unauthorized"));
        }
        get(TestKeys.READ, "/v1/warehouses").then().statusCode(200);
    }

    private static Response get(String key, String path) {
        return given().header(TestKeys.HEADER, key).get(path);
    }
}
