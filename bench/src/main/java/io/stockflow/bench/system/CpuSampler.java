package io.stockflow.bench.system;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * CPU time per process group between two snapshots, from /proc/<pid>/stat: the named processes (the
 * services by their PID files, the PostgreSQL and Redis servers the system uses) and their children
 * (PostgreSQL's backends), this harness, and everything else by command name. Another PostgreSQL or
 * Redis on the same machine (a second cluster, a test's own server) is not the system's: it counts
 * as "elsewhere: postgres". On a two-core machine this is what tells whether a step was limited by CPU.
 */
public final class CpuSampler {

    /** Clock ticks per second of /proc/<pid>/stat (USER_HZ, 100 on Linux). */
    private static final double TICKS = 100.0;

    private final Supplier<Map<Long, String>> named;

    public CpuSampler(Supplier<Map<Long, String>> named) {
        this.named = named;
    }

    public record Snapshot(long atNanos, Map<String, Long> ticks) {
    }

    public Snapshot snapshot() {
        Map<Long, String> names = new HashMap<>(named.get());
        names.put(ProcessHandle.current().pid(), "bench (load generator)");
        Map<String, Long> ticks = new HashMap<>();
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path proc : procs) {
                try {
                    String stat = Files.readString(proc.resolve("stat"));
                    int open = stat.indexOf('(');
                    int close = stat.lastIndexOf(')');
                    String[] rest = stat.substring(close + 2).split(" ");
                    long used = Long.parseLong(rest[11]) + Long.parseLong(rest[12]); // utime, stime
                    long pid = Long.parseLong(proc.getFileName().toString());
                    if (names.containsKey(pid)) {
                        // cutime, cstime: the children it reaped. A backend that ends between two snapshots
                        // takes its CPU out of the live sum and into its postmaster's, so the group loses nothing
                        used += Long.parseLong(rest[13]) + Long.parseLong(rest[14]);
                    }
                    long parent = Long.parseLong(rest[1]);
                    ticks.merge(name(names, pid, parent, stat.substring(open + 1, close)), used, Long::sum);
                } catch (IOException | RuntimeException e) {
                    // the process ended while we looked
                }
            }
        } catch (IOException e) {
            return new Snapshot(System.nanoTime(), Map.of());
        }
        return new Snapshot(System.nanoTime(), ticks);
    }

    /** The process's own name, else its parent's (a PostgreSQL backend is the postmaster's child), else its command. */
    static String name(Map<Long, String> names, long pid, long parent, String command) {
        String named = names.getOrDefault(pid, names.get(parent));
        if (named != null) {
            return named;
        }
        boolean claimed = names.containsValue(command) || (command.equals("redis-server") && names.containsValue("redis"));
        return claimed ? "elsewhere: " + command : command;
    }

    /**
     * Percent of one core each group used between the snapshots, largest first, groups under 2%
     * left out. A process that ended in between is not counted, unless a named process reaped it.
     */
    public static Map<String, Double> between(Snapshot before, Snapshot after) {
        double seconds = (after.atNanos() - before.atNanos()) / 1e9;
        Map<String, Double> percent = new HashMap<>();
        after.ticks().forEach((name, ticks) -> {
            long delta = ticks - before.ticks().getOrDefault(name, 0L);
            double p = 100 * delta / TICKS / seconds;
            if (p >= 2) {
                percent.put(name, p);
            }
        });
        Map<String, Double> sorted = new LinkedHashMap<>();
        percent.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .forEach(e -> sorted.put(e.getKey(), e.getValue()));
        return sorted;
    }
}
