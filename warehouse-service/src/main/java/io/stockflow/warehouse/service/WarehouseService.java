package io.stockflow.warehouse.service;

import io.stockflow.warehouse.domain.AlreadyExists;
import io.stockflow.warehouse.domain.Warehouse;
import io.stockflow.warehouse.persistence.WarehouseRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.List;

@ApplicationScoped
public class WarehouseService {

    private final WarehouseRepository warehouses;

    public WarehouseService(WarehouseRepository warehouses) {
        this.warehouses = warehouses;
    }

    @Transactional
    public Warehouse create(String warehouseId, String name) {
        return warehouses.insert(warehouseId, name).orElseThrow(() -> new AlreadyExists("warehouse", warehouseId));
    }

    public List<Warehouse> list() {
        return warehouses.findAll();
    }
}
