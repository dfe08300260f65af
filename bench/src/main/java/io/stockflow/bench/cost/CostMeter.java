package io.stockflow.bench.cost;

import io.stockflow.bench.system.CpuSampler;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Reads the counters a cost is the difference of: CPU ticks of each process group (/proc/[pid]/stat),
 * the machine's steal and total ticks (/proc/stat), PostgreSQL's WAL position and Redis's count of
 * commands processed.
 */
public final class CostMeter {

    /** /proc counts CPU time in ticks of USER_HZ (100 per second on Linux). */
    private static final double MS_PER_TICK = 10.0;

    public record Reading(long nanos, Map<String, Long> ticks, long stealTicks, long allTicks, long walBytes,
            long redisCommands) {
    }

    private final CpuSampler cpu;
    private final Supplier<Connection> warehouseDb;
    private final Redis redis;

    public CostMeter(CpuSampler cpu, Supplier<Connection> warehouseDb, Redis redis) {
        this.cpu = cpu;
        this.warehouseDb = warehouseDb;
        this.redis = redis;
    }

    public Reading read() {
        Map<String, Long> groups = new HashMap<>();
        cpu.snapshot().ticks().forEach((name, ticks) -> groups.merge(group(name), ticks, Long::sum));
        long[] stat = machineTicks();
        return new Reading(System.nanoTime(), groups, stat[0], stat[1], walBytes(), redisCommands());
    }

    /** What each process group uses with no load at all (timers, polls, the broker's own work), in ticks a second. */
    public static Map<String, Double> idle(Reading before, Reading after) {
        double seconds = (after.nanos() - before.nanos()) / 1e9;
        Map<String, Double> perSecond = new HashMap<>();
        after.ticks().forEach((group, ticks) -> perSecond.put(group,
                Math.max(0, ticks - before.ticks().getOrDefault(group, 0L)) / seconds));
        return perSecond;
    }

    /** Per process group, the lower of two idle rates. */
    public static Map<String, Double> quieter(Map<String, Double> a, Map<String, Double> b) {
        Map<String, Double> lower = new HashMap<>(a);
        b.forEach((group, rate) -> lower.merge(group, rate, Math::min));
        a.keySet().stream().filter(g -> !b.containsKey(g)).forEach(g -> lower.put(g, 0.0));
        return lower;
    }

    /**
     * The cost of {@code operations} operations done between the two readings: each group's CPU less what
     * it would have used idle over the same time (never below zero).
     */
    public static Cost between(String name, String unit, double rate, long operations, Reading before,
            Reading after, Map<String, Double> idleTicksPerSecond) {
        double ops = Math.max(1, operations);
        double seconds = (after.nanos() - before.nanos()) / 1e9;
        Map<String, Double> cpuMs = new HashMap<>();
        after.ticks().forEach((group, ticks) -> {
            double delta = ticks - before.ticks().getOrDefault(group, 0L)
                    - idleTicksPerSecond.getOrDefault(group, 0.0) * seconds;
            if (delta > 0) {
                cpuMs.put(group, delta * MS_PER_TICK / ops);
            }
        });
        long all = after.allTicks() - before.allTicks();
        double steal = all <= 0 ? 0 : 100.0 * (after.stealTicks() - before.stealTicks()) / all;
        double wal = before.walBytes() < 0 || after.walBytes() < 0 ? Double.NaN
                : (after.walBytes() - before.walBytes()) / ops;
        double commands = before.redisCommands() < 0 || after.redisCommands() < 0 ? Double.NaN
                : (after.redisCommands() - before.redisCommands()) / ops;
        return new Cost(name, unit, rate, operations, seconds, cpuMs, wal, commands, steal);
    }

    /** Process groups by PID-file name (run.sh's) or command name: every PostgreSQL backend counts as one. */
    static String group(String name) {
        if (name.endsWith(CpuSampler.JIT_SUFFIX)) {
            String process = group(name.substring(0, name.length() - CpuSampler.JIT_SUFFIX.length()));
            return process.equals("bench") ? "bench" : "jit";
        }
        return switch (name) {
            case "warehouse", "catalog", "kafka", "postgres" -> name;
            case "redis", "redis-server" -> "redis";
            case "bench (load generator)" -> "bench";
            default -> "other";
        };
    }

    /** Steal and all ticks of the machine, from the first line of /proc/stat. */
    static long[] machineTicks() {
        try {
            return parseStat(Files.readAllLines(Path.of("/proc/stat")).get(0));
        } catch (IOException | RuntimeException e) {
            return new long[] {0, 0};
        }
    }

    static long[] parseStat(String cpuLine) {
        String[] f = cpuLine.trim().split("\\s+");
        long all = 0;
        // user nice system idle iowait irq softirq steal (guest time is already inside user)
        for (int i = 1; i <= Math.min(8, f.length - 1); i++) {
            all += Long.parseLong(f[i]);
        }
        long steal = f.length > 8 ? Long.parseLong(f[8]) : 0;
        return new long[] {steal, all};
    }

    private long walBytes() {
        try (Connection c = warehouseDb.get();
                ResultSet rs = c.createStatement().executeQuery("SELECT (pg_current_wal_lsn() - '0/0'::pg_lsn)::bigint")) {
            rs.next();
            return rs.getLong(1);
        } catch (Exception e) {
            return -1;
        }
    }

    private long redisCommands() {
        try {
            String info = redis.send(Request.cmd(Command.INFO).arg("stats")).toCompletionStage().toCompletableFuture()
                    .get(5, TimeUnit.SECONDS).toString();
            return info.lines().filter(l -> l.startsWith("total_commands_processed:")).findFirst()
                    .map(l -> Long.parseLong(l.substring(l.indexOf(':') + 1).trim())).orElse(-1L);
        } catch (Exception e) {
            return -1;
        }
    }
}
