package io.stockflow.warehouse.service;

import io.quarkus.narayana.jta.runtime.TransactionConfiguration;
import io.stockflow.warehouse.config.WarehouseConfig;
import io.stockflow.warehouse.persistence.DemoDataLoader;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

@ApplicationScoped
public class DemoDataService {

    private final DemoDataLoader loader;
    private final WarehouseConfig config;

    public DemoDataService(DemoDataLoader loader, WarehouseConfig config) {
        this.loader = loader;
        this.config = config;
    }

    /** All or nothing; 200K levels take a few seconds, so the transaction may run longer than a command's. */
    @Transactional
    @TransactionConfiguration(timeout = 600)
    public DemoDataLoader.Loaded load(int warehouses, int products) {
        return loader.load(warehouses, products, config.defaultLowStockThreshold(), 42);
    }
}
