package io.stockflow.warehouse.support;

import org.junit.jupiter.api.BeforeEach;

/** Base of tests about one level: each test gets a fresh product id and a fresh warehouse (the database is shared). */
public abstract class FreshLevel {

    protected String product;
    protected String warehouse;

    @BeforeEach
    protected void freshLevelIds() {
        product = Stock.productId();
        warehouse = Stock.warehouse();
    }
}
