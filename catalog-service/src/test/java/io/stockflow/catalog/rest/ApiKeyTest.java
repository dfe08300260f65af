package io.stockflow.catalog.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(ApiKeyTest.AuthEnabled.class)
class ApiKeyTest {

    public static class AuthEnabled implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("stockflow.auth.enabled", "true", "stockflow.auth.api-keys", "k-regular",
                    "stockflow.auth.admin-api-keys", "k-admin");
        }
    }

    @Test
    void shouldRefuseReadsWithoutKeyAndAdminWritesWithRegularKey() {
        given().get("/v1/products/SKU-1").then().statusCode(401).contentType("application/problem+json")
                .body("errorType", equalTo("unauthorized"));
        given().header("X-API-Key", "k-regular").get("/v1/products?limit=1").then().statusCode(200);
        given().header("X-API-Key", "k-regular").contentType("application/json").body("{\"products\":[]}")
                .post("/v1/admin/products").then().statusCode(403).body("errorType", equalTo("forbidden"));
        given().get("/q/health/live").then().statusCode(200);
    }
}
