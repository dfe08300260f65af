package io.stockflow.catalog.rest;

import static io.restassured.RestAssured.given;
import static io.stockflow.catalog.support.Levels.newProductId;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.emptyOrNullString;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.stockflow.catalog.support.Products;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class AdminProductResourceTest {

    @Test
    void shouldCreateManyProductsReportingEachLine() {
        String fresh = newProductId();
        String taken = newProductId();
        Products.create(taken, "bags");
        Map<String, Object> negativePrice = new HashMap<>(Products.product(newProductId(), "bags"));
        negativePrice.put("price", -1);

        given().contentType(ContentType.JSON)
                .body(Map.of("products", List.of(Products.product(fresh, "bags"), Products.product(taken, "bags"), negativePrice)))
                .post("/v1/admin/products").then().statusCode(201)
                .body("summary.totalRequests", equalTo(3))
                .body("summary.successfulCreations", equalTo(1))
                .body("summary.failedCreations", equalTo(2))
                .body("results[0].success", equalTo(true))
                .body("results[1].error", equalTo("product " + taken + " already exists"))
                .body("results[2].error", equalTo("price must be greater than or equal to 0"));
        given().get("/v1/products/{id}", fresh).then().statusCode(200).body("name", not(emptyOrNullString()));
    }

    @Test
    void shouldUpdateAProductAndServeTheNewDetails() {
        String id = newProductId();
        Products.create(id, "bags");
        given().get("/v1/products/{id}", id).then().statusCode(200); // now cached

        given().contentType(ContentType.JSON)
                .body(Map.of("name", "Summit Backpack", "price", 79.5, "category", "outdoors"))
                .put("/v1/admin/products/{id}", id).then().statusCode(200)
                .body("name", equalTo("Summit Backpack"))
                .body("currency", equalTo("USD"));

        given().get("/v1/products/{id}", id).then().statusCode(200)
                .body("name", equalTo("Summit Backpack"))
                .body("category", equalTo("outdoors"));
    }

    @Test
    void shouldRejectAnInvalidUpdateAndAnUnknownProduct() {
        String id = newProductId();
        Products.create(id, "bags");
        given().contentType(ContentType.JSON).body(Map.of("name", "", "price", 5, "currency", "euro"))
                .put("/v1/admin/products/{id}", id).then().statusCode(400)
                .contentType("application/problem+json")
                .body("errorType", equalTo("validation_error"))
                .body("errors.field", hasItem("name"))
                .body("errors.field", hasItem("currency"));
        given().contentType(ContentType.JSON).body(Map.of("name", "Anything", "price", 5))
                .put("/v1/admin/products/{id}", newProductId()).then().statusCode(404)
                .body("errorType", equalTo("not_found"));
    }

    @Test
    void shouldDeleteAProduct() {
        String id = newProductId();
        Products.create(id, "bags");
        given().get("/v1/products/{id}", id).then().statusCode(200);

        given().delete("/v1/admin/products/{id}", id).then().statusCode(204);

        given().get("/v1/products/{id}", id).then().statusCode(404);
        given().delete("/v1/admin/products/{id}", id).then().statusCode(404);
    }

    @Test
    void shouldCreateDemoDataSkippingWhatExists() {
        given().contentType(ContentType.JSON).body(Map.of("products", 30))
                .post("/v1/admin/demo-data").then().statusCode(200)
                .body("requested", equalTo(30));
        given().contentType(ContentType.JSON).body(Map.of("products", 30))
                .post("/v1/admin/demo-data").then().statusCode(200)
                .body("created", equalTo(0))
                .body("skipped", equalTo(30));
        given().get("/v1/products/SKU-000030").then().statusCode(200)
                .body("name", not(emptyOrNullString()))
                .body("category", not(emptyOrNullString()));
        given().contentType(ContentType.JSON).body(Map.of("products", 0))
                .post("/v1/admin/demo-data").then().statusCode(400);
    }
}
