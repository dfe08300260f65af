package io.stockflow.e2e.chaos;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** One product in one warehouse: the unit the workload changes and the checks compare. */
public record Level(String productId, String warehouseId) {

    /** A fresh product id for each of {@code products}, in each warehouse. */
    public static List<Level> fresh(String prefix, int products, List<String> warehouses) {
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<Level> levels = new ArrayList<>();
        for (int p = 0; p < products; p++) {
            for (String warehouse : warehouses) {
                levels.add(new Level(prefix + "-" + run + "-" + p, warehouse));
            }
        }
        return levels;
    }

    /** The catalog's hash of this level (the layout of the contract's Redis keys). */
    public String redisKey() {
        return "catalog:stock:{" + productId + "}:warehouse:" + warehouseId;
    }

    @Override
    public String toString() {
        return productId + "@" + warehouseId;
    }
}
