package io.stockflow.catalog.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.quarkus.test.junit.QuarkusTest;
import io.stockflow.testsupport.Management;
import io.stockflow.testsupport.TestKeys;
import org.junit.jupiter.api.Test;

/** Health and metrics answer on the management port without a key; the API port does not serve them. */
@QuarkusTest
class ManagementInterfaceTest {

    @Test
    void shouldReportReadinessWithTheCacheCheckOnTheManagementPortWithoutKey() {
        Management.getWithoutKey("/q/health/live").statusCode(200).body("status", equalTo("UP"));
        Management.getWithoutKey("/q/health/ready").statusCode(200).body("checks.name", hasItem("stock-cache-warm"));
    }

    @Test
    void shouldServeMetricsOnTheManagementPortWithoutKey() {
        String metrics = Management.getWithoutKey("/q/metrics").statusCode(200).extract().asString();
        assertThat(metrics).contains("catalog_warmup_levels", "jvm_memory_used_bytes");
    }

    @Test
    void shouldNotServeHealthOrMetricsOnTheApiPort() {
        Management.assertNotOnTheApiPort(TestKeys.READ);
    }
}
