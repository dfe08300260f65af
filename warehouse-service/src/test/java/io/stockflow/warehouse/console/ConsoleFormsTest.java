package io.stockflow.warehouse.console;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.stockflow.testsupport.PostgresDatabase;
import io.stockflow.testsupport.TestKeys;
import io.stockflow.warehouse.support.Stock;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The console's forms and fragments at the HTTP level, as htmx sends them: they check ids, fields and
 * Idempotency-Keys by the API's rules and refuse under the API's names, with no browser.
 */
@QuarkusTest
@QuarkusTestResource(PostgresDatabase.class)
class ConsoleFormsTest {

    private static final String ID_RULE = "must be 1-64 characters";

    private String session;
    private String csrfCookie;
    private String csrfToken;
    private String product;
    private String warehouse;

    @BeforeEach
    void signedInWithAFreshProduct() {
        product = Stock.productId();
        warehouse = Stock.warehouse();
        Stock.stocked(product, warehouse, 10);
        session = ConsoleSessionTest.signIn(TestKeys.WRITE).getCookie("stockflow-console");
        Response home = console().get("/console");
        csrfCookie = home.getCookie("stockflow-csrf");
        Matcher token = Pattern.compile("name=\"csrf-token\" value=\"([^\"]+)\"").matcher(home.asString());
        assertThat(token.find()).isTrue();
        csrfToken = token.group(1);
    }

    @Test
    void shouldRefuseIdsTheApiRefusesUnderTheApisNames() {
        console().get("/console/product/levels?id=bad id").then().statusCode(400)
                .body(containsString("productId " + ID_RULE));
        console().get("/console/product/history?id=" + product + "&warehouseId=bad!").then().statusCode(400)
                .body(containsString("warehouseId " + ID_RULE));
        console().get("/console/attention?warehouseId=bad!").then().statusCode(400)
                .body(containsString("warehouseId: " + ID_RULE));

        String refused = form("count-form", null).formParam("productId", "bad!").formParam("warehouseId", "bad!")
                .formParam("onHand", "5").formParam("reason", "cycle_count").post("/console/product/count")
                .then().statusCode(400).extract().asString();
        assertThat(refused).contains("id=\"count-form-productId-error\"", "id=\"count-form-warehouseId-error\"");
        Stock.product(product).then().body("warehouses[0].onHand", org.hamcrest.Matchers.equalTo(10));
    }

    @Test
    void shouldRefuseAFormThatLeavesOutTheIdsItActsOnWithA400() {
        form("count-form", null).formParam("warehouseId", warehouse).formParam("onHand", "5")
                .formParam("reason", "cycle_count").post("/console/product/count")
                .then().statusCode(400).body(containsString("productId: must not be blank"));
        form("threshold", null).formParam("productId", product).formParam("lowStockThreshold", "3")
                .post("/console/product/threshold").then().statusCode(400)
                .body(containsString("warehouseId: must not be blank"));
        for (String action : new String[] {"release", "commit", "extend"}) {
            form("res-" + action, null).formParam("ttlSeconds", "60").post("/console/reservation/" + action)
                    .then().statusCode(400).body(containsString("reservationId: must not be blank"));
        }
        Stock.product(product).then().body("warehouses[0].onHand", org.hamcrest.Matchers.equalTo(10));
    }

    @Test
    void shouldAnswerAPageOrFragmentAskedForWithoutItsIdAsTheClientsMistake() {
        for (String path : new String[] {"/console/product", "/console/product/levels", "/console/product/history",
                "/console/product/reservations", "/console/product/count", "/console/reservation",
                "/console/product/history?id=" + product + "&cursor=not-a-cursor"}) {
            int status = console().get(path).statusCode();
            assertThat(status).as(path).isBetween(200, 499);
        }
    }

    @Test
    void shouldAnswerAMalformedReservationIdAsAnUnknownOne() {
        console().get("/console/reservation?id=not-a-uuid").then().statusCode(404)
                .body(containsString("reservation &#39;not-a-uuid&#39; does not exist"));
        form("rel-x", null).formParam("reservationId", "not-a-uuid").post("/console/reservation/release").then()
                .statusCode(404).body(containsString("data-error-type=\"not_found\""));
    }

    @Test
    void shouldApplyTheApisRulesBeyondEachField() {
        form("transfer", null).formParam("productId", product).formParam("fromWarehouseId", warehouse)
                .formParam("toWarehouseId", warehouse).formParam("quantity", "1").post("/console/product/transfer")
                .then().statusCode(400).body(containsString("toWarehouseId: must differ from fromWarehouseId"));
        String held = Stock.reserved(product, warehouse, 2);
        form("ext-x", null).formParam("reservationId", held).formParam("ttlSeconds", Long.toString(7 * 24 * 3600 + 1))
                .post("/console/reservation/extend").then().statusCode(400)
                .body(containsString("ttlSeconds: must be at most 604800"));

        String id = Stock.warehouseId();
        form("warehouse", null).formParam("warehouseId", id).formParam("name", "  Lisbon  ").post("/console/warehouses")
                .then().statusCode(200).body(containsString("Created warehouse " + id + " (Lisbon)."));
    }

    @Test
    void shouldReplayARepeatedSubmitAndRefuseItsKeyForAnotherOne() {
        String key = UUID.randomUUID().toString();
        adjust(key, "3").then().statusCode(200).body(containsString("on hand 13"));
        adjust(key, "3").then().statusCode(200).body(containsString("Already applied"));
        adjust(key, "4").then().statusCode(422).body(containsString("data-error-type=\"idempotency_key_reuse\""));
        adjust("k".repeat(256), "3").then().statusCode(400)
                .body(containsString("Idempotency-Key: must be 1 to 255 characters"));
        Stock.product(product).then().body("onHand", org.hamcrest.Matchers.equalTo(13));
    }

    private Response adjust(String key, String delta) {
        return form("adjust", key).formParam("productId", product).formParam("warehouseId", warehouse)
                .formParam("delta", delta).formParam("reason", "received").post("/console/product/adjust");
    }

    /** A form as htmx sends it: the session, the CSRF token, which form, and the form's Idempotency-Key if any. */
    private RequestSpecification form(String id, String idempotencyKey) {
        RequestSpecification form = console().contentType("application/x-www-form-urlencoded")
                .header("HX-Request", "true").header("HX-Trigger", id).formParam("csrf-token", csrfToken);
        return idempotencyKey == null ? form : form.header("Idempotency-Key", idempotencyKey);
    }

    private RequestSpecification console() {
        RequestSpecification console = given().header(TestKeys.HEADER, TestKeys.NO_KEY).redirects().follow(false)
                .cookie("stockflow-console", session);
        return csrfCookie == null ? console : console.cookie("stockflow-csrf", csrfCookie);
    }
}
