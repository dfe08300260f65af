package io.stockflow.warehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.stockflow.testsupport.Management;
import io.stockflow.testsupport.PostgresDatabase;
import io.stockflow.testsupport.TestKeys;
import org.junit.jupiter.api.Test;

/** Health and metrics answer on the management port without a key; the API port does not serve them. */
@QuarkusTest
@QuarkusTestResource(PostgresDatabase.class)
class ManagementInterfaceTest {

    @Test
    void shouldReportReadyOnceMigrationsRanOnTheManagementPortWithoutKey() {
        Management.getWithoutKey("/q/health/ready").statusCode(200).body("status", equalTo("UP"));
        Management.getWithoutKey("/q/health/live").statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void shouldServeMetricsOnTheManagementPortWithoutKey() {
        String metrics = Management.getWithoutKey("/q/metrics").statusCode(200).extract().asString();
        assertThat(metrics).contains("http_server_requests_seconds", "jvm_memory_used_bytes");
    }

    @Test
    void shouldNotServeHealthOrMetricsOnTheApiPort() {
        Management.assertNotOnTheApiPort(TestKeys.READ);
    }
}
