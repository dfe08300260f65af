package io.stockflow.warehouse;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.stockflow.testsupport.PostgresDatabase;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(PostgresDatabase.class)
class HealthTest {

    @Test
    void shouldReportReadyOnceMigrationsRan() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    }
}
