package io.stockflow.bench.cost;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one operation cost, measured over one window at a fixed rate: CPU milliseconds per operation of
 * each process group, bytes of WAL and Redis commands per operation, and the steal time the hypervisor
 * took from the machine meanwhile (a figure that moved with a high steal was measured on a busy host).
 */
public record Cost(String name, String unit, double rate, long operations, double seconds,
        Map<String, Double> cpuMsPerOp, double walBytesPerOp, double redisCommandsPerOp, double stealPercent) {

    /** The process groups whose CPU counts as the system's (the load generator's does not). */
    public static final java.util.List<String> SYSTEM = java.util.List.of("warehouse", "catalog", "postgres", "kafka",
            "redis");

    public Cost {
        cpuMsPerOp = Map.copyOf(cpuMsPerOp);
    }

    /** CPU milliseconds per operation of every system process together. */
    public double systemCpuMsPerOp() {
        return SYSTEM.stream().mapToDouble(g -> cpuMsPerOp.getOrDefault(g, 0.0)).sum();
    }

    /** Every figure by a stable name, as the report's columns and the comparison read them. */
    public Map<String, Double> figures() {
        Map<String, Double> f = new LinkedHashMap<>();
        SYSTEM.forEach(g -> f.put("cpu " + g, cpuMsPerOp.getOrDefault(g, 0.0)));
        f.put("cpu system", systemCpuMsPerOp());
        f.put("cpu bench", cpuMsPerOp.getOrDefault("bench", 0.0));
        f.put("cpu jit", cpuMsPerOp.getOrDefault("jit", 0.0));
        f.put("wal bytes", walBytesPerOp);
        f.put("redis commands", redisCommandsPerOp);
        f.put("steal %", stealPercent);
        return f;
    }
}
