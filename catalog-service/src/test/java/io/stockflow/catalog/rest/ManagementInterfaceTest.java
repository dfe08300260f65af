package io.stockflow.catalog.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.stockflow.testsupport.Management;
import io.stockflow.testsupport.TestKeys;
import org.junit.jupiter.api.Test;

/** Health and metrics answer on the management port without a key; the API port does not serve them. */
@QuarkusTest
class ManagementInterfaceTest {

    @Test
    void shouldAnswerHealthOnTheManagementPortWithoutKey() {
        given().header(TestKeys.HEADER, TestKeys.NO_KEY).get(Management.url("/q/health/live"))
                .then().statusCode(200).body("status", equalTo("UP"));
        given().header(TestKeys.HEADER, TestKeys.NO_KEY).get(Management.url("/q/health/ready"))
                .then().statusCode(200).body("checks.name", org.hamcrest.Matchers.hasItem("stock-cache-warm"));
    }

    @Test
    void shouldServeMetricsOnTheManagementPortWithoutKey() {
        String metrics = given().header(TestKeys.HEADER, TestKeys.NO_KEY).get(Management.url("/q/metrics"))
                .then().statusCode(200).extract().asString();
        assertThat(metrics).contains("catalog_warmup_levels", "jvm_memory_used_bytes");
    }

    @Test
    void shouldNotServeHealthOrMetricsOnTheApiPort() {
        assertThat(Management.port()).isPositive().isNotEqualTo(io.restassured.RestAssured.port);
        for (String path : new String[] {"/q/health/ready", "/q/health/live", "/q/metrics"}) {
            given().header(TestKeys.HEADER, TestKeys.NO_KEY).get(path).then().statusCode(401);
            given().header(TestKeys.HEADER, TestKeys.READ).get(path).then().statusCode(404);
        }
    }
}
