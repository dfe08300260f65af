package io.stockflow.catalog.service;

import static io.restassured.RestAssured.given;
import static io.stockflow.catalog.support.Levels.level;
import static io.stockflow.catalog.support.Levels.newProductId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.stockflow.catalog.health.CacheWarmReadiness;
import io.stockflow.catalog.support.FakeWarehouse;
import io.stockflow.catalog.support.Products;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Never silently cold: a warm-up that gives up, and stock nobody can read, are said out loud. */
@QuarkusTest
class ColdCacheTest {

    @Inject
    CacheWarmer warmer;

    @Inject
    @Readiness
    CacheWarmReadiness readiness;

    @Inject
    MeterRegistry registry;

    @AfterEach
    void warehouseBackAndCacheWarm() {
        FakeWarehouse.up();
        assertThat(warmer.retryIfCold()).isTrue();
    }

    private double warmupFailed() {
        return registry.get("catalog.warmup.failed").gauge().value();
    }

    @Test
    void shouldAnswer503WithRetryAfterForAProductWhoseStockCannotBeRead() {
        String product = newProductId();
        Products.create(product, "cold");
        FakeWarehouse.put(level(product, "WH-1", 7, 0, 1));
        FakeWarehouse.down();

        given().get("/v1/products/{id}", product).then().statusCode(503)
                .contentType("application/problem+json")
                .header("Retry-After", notNullValue())
                .body("errorType", equalTo("service_unavailable"))
                .body("type", equalTo("urn:stockflow:problem:service_unavailable"));
        given().contentType(ContentType.JSON).body(Map.of("productIds", List.of(product)))
                .post("/v1/products/batch").then().statusCode(503)
                .body("errorType", equalTo("service_unavailable"));

        FakeWarehouse.up();
        given().get("/v1/products/{id}", product).then().statusCode(200).body("stock.onHand", equalTo(7));
    }

    @Test
    void shouldReportAColdCacheLoudlyWhenTheWarmUpGivesUpAndRecoverOnRetry() {
        FakeWarehouse.down();

        warmer.warmWithRetries();

        assertThat(warmer.state()).isEqualTo(CacheWarmer.State.COLD);
        assertThat(warmupFailed()).isEqualTo(1.0);
        HealthCheckResponse cold = readiness.call();
        assertThat(cold.getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
        assertThat(cold.getData().orElseThrow()).containsEntry("state", "cold").containsEntry("degraded", true)
                .containsKey("reason");

        assertThat(warmer.retryIfCold()).as("retry while the warehouse is still down").isFalse();
        FakeWarehouse.up();
        assertThat(warmer.retryIfCold()).isTrue();

        assertThat(warmer.state()).isEqualTo(CacheWarmer.State.WARM);
        assertThat(warmupFailed()).isZero();
        assertThat(readiness.call().getData().orElseThrow()).containsEntry("state", "warm")
                .containsEntry("degraded", false);
    }
}
