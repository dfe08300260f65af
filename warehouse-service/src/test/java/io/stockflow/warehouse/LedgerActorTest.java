package io.stockflow.warehouse;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.stockflow.testsupport.PostgresDatabase;
import io.stockflow.testsupport.TestKeys;
import io.stockflow.warehouse.support.Stock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The ledger's actor is the authenticated principal, whatever headers say; a write or service key may
 * add on whose behalf it acts (X-On-Behalf-Of, or the seed's X-Actor), recorded beside the actor.
 */
@QuarkusTest
@QuarkusTestResource(PostgresDatabase.class)
class LedgerActorTest {

    private String product;
    private String warehouse;

    @BeforeEach
    void level() {
        product = Stock.productId();
        warehouse = Stock.warehouse();
    }

    @Test
    void shouldRecordThePrincipalAsActor() {
        as(TestKeys.WRITE).body(Stock.adjustment(product, warehouse, 4)).post("/v1/inventory/adjustments")
                .then().statusCode(200);
        Stock.movements(product).then().body("items[0].actor", equalTo(TestKeys.WRITE_PRINCIPAL))
                .body("items[0].onBehalfOf", nullValue());
    }

    @Test
    void shouldRecordOnBehalfOfBesideThePrincipalNeverInstead() {
        as(TestKeys.WRITE).header("X-On-Behalf-Of", "clerk-7").body(Stock.adjustment(product, warehouse, 4))
                .post("/v1/inventory/adjustments").then().statusCode(200);
        Stock.movements(product).then().body("items[0].actor", equalTo(TestKeys.WRITE_PRINCIPAL))
                .body("items[0].onBehalfOf", equalTo("clerk-7"));
    }

    @Test
    void shouldNoLongerTakeTheActorFromXActor() {
        as(TestKeys.WRITE).header("X-Actor", "mallory").body(Stock.adjustment(product, warehouse, 4))
                .post("/v1/inventory/adjustments").then().statusCode(200);
        Stock.movements(product).then().body("items[0].actor", equalTo(TestKeys.WRITE_PRINCIPAL))
                .body("items[0].onBehalfOf", equalTo("mallory"));
    }

    @Test
    void shouldRecordPrincipalOnEveryMovementOfATransferAndReservation() {
        String other = Stock.warehouse();
        Stock.stocked(product, warehouse, 10);
        as(TestKeys.WRITE).header("X-On-Behalf-Of", "picker-3")
                .body(Map.of("productId", product, "fromWarehouseId", warehouse, "toWarehouseId", other, "quantity", 2))
                .post("/v1/inventory/transfers").then().statusCode(200);
        as(TestKeys.OTHER_WRITE).body(Map.of("lines", List.of(Stock.line(product, warehouse, 1))))
                .post("/v1/inventory/reservations").then().statusCode(201);
        Stock.movements(product).then()
                .body("items.actor", contains(TestKeys.OTHER_WRITE_PRINCIPAL, TestKeys.WRITE_PRINCIPAL,
                        TestKeys.WRITE_PRINCIPAL, TestKeys.ADMIN_PRINCIPAL))
                .body("items.onBehalfOf", contains(null, "picker-3", "picker-3", null));
    }

    @Test
    void shouldLetAServiceKeySayOnWhoseBehalfItReads() {
        Stock.stocked(product, warehouse, 3);
        as(TestKeys.SERVICE).header("X-On-Behalf-Of", "shopper-1").get("/v1/inventory/product/" + product)
                .then().statusCode(200);
    }

    @Test
    void shouldRefuseOnBehalfOfFromReadKeyAndChangeNothing() {
        Stock.stocked(product, warehouse, 3);
        as(TestKeys.READ).get("/v1/inventory/product/" + product).then().statusCode(200);
        forbidden(as(TestKeys.READ).header("X-On-Behalf-Of", "clerk-7").get("/v1/inventory/product/" + product));
        forbidden(as(TestKeys.READ).header("X-Actor", "clerk-7").get("/v1/inventory/product/" + product));
        forbidden(as(TestKeys.INGEST).header("X-On-Behalf-Of", "clerk-7").get("/v1/inventory/product/" + product));
        forbidden(as(TestKeys.READ).header("X-On-Behalf-Of", "clerk-7").body(Stock.adjustment(product, warehouse, 4))
                .post("/v1/inventory/adjustments"));
        Stock.movements(product).then().body("items.size()", equalTo(1));
    }

    @Test
    void shouldRefuseMalformedOnBehalfOfAndChangeNothing() {
        as(TestKeys.WRITE).header("X-On-Behalf-Of", "x".repeat(129)).body(Stock.adjustment(product, warehouse, 4))
                .post("/v1/inventory/adjustments").then().statusCode(400).contentType("application/problem+json")
                .body("errorType", equalTo("validation_error")).body("errors[0].field", equalTo("X-On-Behalf-Of"));
        Stock.product(product).then().statusCode(404);
    }

    private static RequestSpecification as(String key) {
        return given().contentType(ContentType.JSON).header(TestKeys.HEADER, key);
    }

    private static void forbidden(io.restassured.response.Response response) {
        response.then().statusCode(403).contentType("application/problem+json").body("errorType", equalTo("forbidden"));
    }
}
