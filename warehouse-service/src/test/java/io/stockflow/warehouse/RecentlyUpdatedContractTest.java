package io.stockflow.warehouse;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.stockflow.testsupport.PostgresDatabase;
import io.stockflow.testsupport.RecentlyUpdatedContract;
import io.stockflow.warehouse.support.Stock;

/** The recently-updated paging the catalog relies on, asked of the real API (its fake runs the same contract). */
@QuarkusTest
@QuarkusTestResource(PostgresDatabase.class)
class RecentlyUpdatedContractTest extends RecentlyUpdatedContract {

    @Override
    protected String baseUri() {
        return RestAssured.baseURI + ":" + RestAssured.port;
    }

    @Override
    protected String warehouse() {
        return Stock.warehouse();
    }

    @Override
    protected void change(String productId, String warehouseId) {
        Stock.adjust(productId, warehouseId, 1).then().statusCode(200);
    }
}
