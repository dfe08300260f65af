package io.stockflow.warehouse;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.stockflow.testsupport.PostgresDatabase;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(ApiKeyTest.AuthEnabled.class)
@QuarkusTestResource(PostgresDatabase.class)
class ApiKeyTest {

    public static class AuthEnabled implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("stockflow.auth.enabled", "true",
                    "stockflow.auth.api-keys", "k-regular",
                    "stockflow.auth.admin-api-keys", "k-admin");
        }
    }

    @Test
    void shouldRefuseMissingOrWrongKey() {
        given().get("/v1/warehouses").then().statusCode(401).contentType("application/problem+json")
                .body("errorType", equalTo("unauthorized"));
        given().header("X-API-Key", "nope").get("/v1/warehouses").then().statusCode(401);
    }

    @Test
    void shouldAllowRegularKeyButNotOnAdminPaths() {
        given().header("X-API-Key", "k-regular").get("/v1/warehouses").then().statusCode(200);
        given().header("X-API-Key", "k-regular").get("/v1/admin/ledger/verify?productId=x").then().statusCode(403)
                .body("errorType", equalTo("forbidden"));
        given().header("X-API-Key", "k-admin").get("/v1/admin/ledger/verify?productId=x").then().statusCode(200);
    }

    @Test
    void shouldKeepHealthOpen() {
        given().get("/q/health/live").then().statusCode(200);
    }
}
