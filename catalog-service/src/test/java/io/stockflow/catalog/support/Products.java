package io.stockflow.catalog.support;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import java.util.List;
import java.util.Map;

/** Object mother for catalog products, created through the admin API. */
public final class Products {

    private Products() {
    }

    public static Map<String, Object> product(String productId, String category) {
        return Map.of("productId", productId, "name", "Trail Backpack " + productId.substring(productId.length() - 4),
                "description", "A backpack for tests", "price", 49.90, "currency", "EUR", "category", category);
    }

    public static void create(String productId, String category) {
        given().contentType(ContentType.JSON).body(Map.of("products", List.of(product(productId, category))))
                .post("/v1/admin/products").then().statusCode(201);
    }
}
