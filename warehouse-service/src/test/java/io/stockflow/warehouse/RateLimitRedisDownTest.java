package io.stockflow.warehouse;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.stockflow.testsupport.PostgresDatabase;
import io.stockflow.testsupport.RateLimits;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/** Rate limiting on, its Redis a closed port: every request passes, and the outage is counted and told once. */
@QuarkusTest
@TestProfile(RateLimitRedisDownTest.RedisAway.class)
@QuarkusTestResource(PostgresDatabase.class)
class RateLimitRedisDownTest {

    static final int REQUESTS = 12;

    public static class RedisAway implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // every request tries Redis again: each one must pass all the same
            return RateLimits.on("requests-per-minute", "2", "redis.url", "redis://127.0.0.1:1",
                    "redis.retry-after-failure", "0s");
        }
    }

    @Inject
    MeterRegistry registry;

    @Test
    void shouldLetEveryRequestThroughCountTheFailuresAndWarnOnce() {
        Logger logger = Logger.getLogger("io.stockflow.support.ratelimit.RateLimiter");
        List<LogRecord> warnings = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                    warnings.add(record);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        logger.addHandler(capture);
        try {
            double failuresBefore = failures();
            for (int i = 0; i < REQUESTS; i++) {
                Response response = given().header("X-API-Key", "redis-down").get("/v1/warehouses");
                response.then().statusCode(200);
                assertThat(response.header("RateLimit-Limit")).as("no count, no budget to tell").isNull();
            }
            assertThat(failures() - failuresBefore).isEqualTo(REQUESTS);
            // the warm-up at start may have told it already; within one outage it is told at most once
            assertThat(warnings).hasSizeLessThanOrEqualTo(1);
        } finally {
            logger.removeHandler(capture);
        }
    }

    @Test
    void shouldTellInTheStatusThatRedisDidNotAnswer() {
        given().get("/v1/admin/rate-limit/status").then().statusCode(200)
                .body("enabled", equalTo(true))
                .body("redisReachable", equalTo(false))
                .body("currentClients", empty());
    }

    private double failures() {
        return registry.find("inventory.rate_limit.redis.failures").counter().count();
    }
}
