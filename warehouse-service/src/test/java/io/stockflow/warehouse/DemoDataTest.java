package io.stockflow.warehouse;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.stockflow.testsupport.PostgresDatabase;
import io.stockflow.warehouse.support.Db;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(PostgresDatabase.class)
class DemoDataTest {

    @Inject
    AgroalDataSource dataSource;

    @Test
    void shouldLoadDemoLevelsOnceWithLedgerAndEvents() {
        Map<String, Integer> request = Map.of("warehouses", 3, "products", 40);
        given().contentType(ContentType.JSON).body(request).post("/v1/admin/demo-data").then().statusCode(200)
                .body("levels", equalTo(120));
        given().contentType(ContentType.JSON).body(request).post("/v1/admin/demo-data").then().statusCode(200)
                .body("alreadyPresent", equalTo(true));

        List<String> ids = IntStream.rangeClosed(1, 40).mapToObj(i -> String.format("SKU-%06d", i)).toList();
        JsonPath bulk = given().contentType(ContentType.JSON)
                .body(Map.of("productIds", ids, "includeWarehouses", true)).post("/v1/batch/stock")
                .then().statusCode(200).extract().jsonPath();
        assertThat(bulk.getList("missing")).isEmpty();
        assertThat(bulk.getList("stocks.SKU-000007.warehouses")).hasSizeGreaterThanOrEqualTo(3);

        given().queryParam("productId", "SKU-000007").get("/v1/admin/ledger/verify").then()
                .body("consistent", equalTo(true));
        assertThat(Db.outbox(dataSource, "SKU-000007")).isNotEmpty()
                .allMatch(row -> row.type().startsWith("warehouse."));
    }
}
