package io.stockflow.warehouse.console;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.stockflow.testsupport.PostgresDatabase;
import io.stockflow.testsupport.TestKeys;
import org.junit.jupiter.api.Test;

/** The console's session and protections at the HTTP level: the cookie's flags, CSRF, and the API left as it was. */
@QuarkusTest
@QuarkusTestResource(PostgresDatabase.class)
class ConsoleSessionTest {

    static Response signIn(String key) {
        return given().header(TestKeys.HEADER, TestKeys.NO_KEY).redirects().follow(false).contentType("application/x-www-form-urlencoded")
                .formParam("j_username", "staff").formParam("key", key).post("/console/j_security_check");
    }

    @Test
    void shouldKeepTheSessionInAnHttpOnlySameSiteCookieScopedToTheConsole() {
        Response signedIn = signIn(TestKeys.WRITE);
        assertThat(signedIn.statusCode()).isEqualTo(302);
        String cookie = signedIn.getHeaders().getValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("stockflow-console=")).findFirst().orElseThrow();
        assertThat(cookie).containsIgnoringCase("HttpOnly").containsIgnoringCase("SameSite=Strict").contains("Path=/console")
                .doesNotContain(TestKeys.WRITE);
    }

    @Test
    void shouldRefuseMachineKeysAndUnknownOnesAtSignIn() {
        for (String key : new String[] { TestKeys.SERVICE, TestKeys.INGEST, "nobody" }) {
            Response refused = signIn(key);
            assertThat(refused.statusCode()).isIn(302, 303);
            assertThat(refused.getHeader("Location")).endsWith("/console/login?error=key");
            assertThat(refused.getHeaders().getValues("Set-Cookie")).noneMatch(c -> c.startsWith("stockflow-console="));
        }
    }

    @Test
    void shouldRefuseAConsoleFormWithoutItsCsrfToken() {
        String session = signIn(TestKeys.WRITE).getCookie("stockflow-console");
        given().header(TestKeys.HEADER, TestKeys.NO_KEY).cookie("stockflow-console", session).redirects().follow(false)
                .contentType("application/x-www-form-urlencoded").formParam("productId", "SKU-1")
                .formParam("warehouseId", "WH-1").formParam("delta", "1").formParam("reason", "received")
                .post("/console/product/adjust").then().statusCode(400)
                .body(containsString("security token"));
    }

    @Test
    void shouldLeaveTheApiOnKeysAloneWithoutCookiesOrRedirects() {
        given().header(TestKeys.HEADER, TestKeys.NO_KEY).redirects().follow(false).get("/v1/warehouses").then()
                .statusCode(401).contentType("application/problem+json").header("Set-Cookie", (String) null);
        given().header(TestKeys.HEADER, TestKeys.NO_KEY).redirects().follow(false).get("/console").then()
                .statusCode(302).header("Location", containsString("/console/login"));
        // a console session is no key to the API
        String session = signIn(TestKeys.WRITE).getCookie("stockflow-console");
        given().header(TestKeys.HEADER, TestKeys.NO_KEY).cookie("stockflow-console", session).get("/v1/warehouses")
                .then().statusCode(401).body("errorType", equalTo("unauthorized"));
    }
}
