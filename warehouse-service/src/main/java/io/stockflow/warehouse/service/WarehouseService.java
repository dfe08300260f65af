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

    /** The name is kept without the spaces around it. */
    @Transactional
    public Warehouse create(String warehouseId, String name) {
        return warehouses.insert(warehouseId, name.strip())
                .orElseThrow(() -> new AlreadyExists("warehouse", warehouseId));
    }

    public List<Warehouse> list() {
        return warehouses.findAll();
    }
}
