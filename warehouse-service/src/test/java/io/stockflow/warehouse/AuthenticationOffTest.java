package io.stockflow.warehouse;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.stockflow.testsupport.PostgresDatabase;
import io.stockflow.testsupport.TestKeys;
import io.stockflow.warehouse.support.Stock;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** AUTH_ENABLED=false: every request, with or without a key, acts as {@code anonymous} holding every role. */
@QuarkusTest
@TestProfile(AuthenticationOffTest.AuthOff.class)
@QuarkusTestResource(PostgresDatabase.class)
class AuthenticationOffTest {

    public static class AuthOff implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("stockflow.auth.enabled", "false");
        }
    }

    @Test
    void shouldLetEveryRequestActAsAnonymous() {
        String product = Stock.productId();
        String warehouse = Stock.warehouse();
        given().contentType(ContentType.JSON).header(TestKeys.HEADER, TestKeys.NO_KEY)
                .body(Stock.adjustment(product, warehouse, 3)).post("/v1/inventory/adjustments").then().statusCode(200);
        given().contentType(ContentType.JSON).header(TestKeys.HEADER, TestKeys.READ)
                .body(Stock.adjustment(product, warehouse, 2)).post("/v1/inventory/adjustments").then().statusCode(200);
        given().header(TestKeys.HEADER, TestKeys.NO_KEY).get("/v1/admin/ledger/verify?productId=" + product)
                .then().statusCode(200);
        Stock.movements(product).then().body("items.actor", org.hamcrest.Matchers.everyItem(equalTo("anonymous")))
                .body("items.size()", equalTo(2));
    }
}
