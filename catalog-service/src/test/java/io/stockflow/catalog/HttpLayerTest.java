package io.stockflow.catalog;

import static io.restassured.RestAssured.given;

import io.quarkus.test.junit.QuarkusTest;
import io.stockflow.catalog.support.Levels;
import io.stockflow.testsupport.HttpLayerContract;

/** The HTTP layer's refusals (body, request target and header limits, codec errors), sent byte for byte. */
@QuarkusTest
class HttpLayerTest extends HttpLayerContract {

    /** The product the refused creations would have made; it must never exist. */
    private static final String NEVER_CREATED = Levels.newProductId();

    @Override
    protected String commandLine() {
        return "POST /v1/admin/products";
    }

    @Override
    protected String validCommand() {
        return "{\"products\":[{\"productId\":\"" + NEVER_CREATED + "\",\"name\":\"Never\",\"price\":1.50}]}";
    }

    @Override
    protected String acceptableCommand() {
        return "{\"products\":[{\"productId\":\"" + Levels.newProductId() + "\",\"name\":\"Chunked\",\"price\":2}]}";
    }

    @Override
    protected String readById() {
        return "/v1/products/";
    }

    @Override
    protected Object state() {
        return given().get("/v1/products/{id}", NEVER_CREATED).then().extract().statusCode();
    }
}
