package io.stockflow.warehouse;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.stockflow.testsupport.HttpLayerContract;
import io.stockflow.testsupport.PostgresDatabase;
import io.stockflow.warehouse.support.Stock;
import org.junit.jupiter.api.BeforeEach;

/** The HTTP layer's refusals (body, request target and header limits, codec errors), sent byte for byte. */
@QuarkusTest
@QuarkusTestResource(PostgresDatabase.class)
class HttpLayerTest extends HttpLayerContract {

    private static String product;
    private static String warehouse;

    @BeforeEach
    void stockOneLevelOnce() {
        if (product == null) {
            product = Stock.productId();
            warehouse = Stock.warehouse();
            Stock.stocked(product, warehouse, 10);
        }
    }

    @Override
    protected String commandLine() {
        return "POST /v1/inventory/adjustments";
    }

    @Override
    protected String validCommand() {
        return "{\"productId\":\"" + product + "\",\"warehouseId\":\"" + warehouse
                + "\",\"delta\":5,\"reason\":\"received\"}";
    }

    @Override
    protected String readById() {
        return "/v1/inventory/product/";
    }

    @Override
    protected Object state() {
        return Stock.snapshot(product);
    }
}
