package io.stockflow.bench.cost;

import java.util.Map;

/** Object mother: costs as one run would measure them. */
final class Costs {

    private Costs() {
    }

    static Cost adjustment(double warehouseMs, double postgresMs) {
        return adjustment(warehouseMs, postgresMs, 1_800);
    }

    static Cost adjustment(double warehouseMs, double postgresMs, double walBytes) {
        return adjustment(warehouseMs, postgresMs, walBytes, 0.0);
    }

    static Cost adjustment(double warehouseMs, double postgresMs, double walBytes, double jitMs) {
        return new Cost("adjustment", "adjustment", 200, 4000, 21.5,
                Map.of("warehouse", warehouseMs, "postgres", postgresMs, "kafka", 0.05, "bench", 0.2, "jit", jitMs),
                walBytes, 0.0, 0.4);
    }

    static Cost read(double catalogMs) {
        return new Cost("catalog GET", "read", 2000, 40_000, 20.1, Map.of("catalog", catalogMs, "redis", 0.004),
                Double.NaN, 0.01, 0.0);
    }
}
