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
 *
 * <p>The JIT compiler threads of a named JVM are a group of their own ({@link #jit}): compiling is what a process
 * does once after it starts, not per operation, and on these machines it went on for minutes of load
 * (half a service's CPU in a window of the first cost run, a tenth by the third), so counted with the
 * service it made every figure depend on how long the JVM had run.
 */
public final class CpuSampler {

    /** Clock ticks per second of /proc/<pid>/stat (USER_HZ, 100 on Linux). */
    private static final double TICKS = 100.0;

    public static final String JIT_SUFFIX = " (JIT compilers)";

    /** The group of a named process's JIT compiler threads (C1, C2). */
    public static String jit(String name) {
        return name + JIT_SUFFIX;
    }

    private final Supplier<Map<Long, String>> named;
    /**
     * The highest CPU seen of each compiler thread, by process and thread id: a compiler thread the JVM
     * stops (it starts and stops them with the work) keeps what it used, which its process's total keeps too.
     */
    private final Map<Long, Map<Long, Long>> compilerTicks = new java.util.concurrent.ConcurrentHashMap<>();

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
                    Stat stat = Stat.of(Files.readString(proc.resolve("stat")));
                    long pid = Long.parseLong(proc.getFileName().toString());
                    String name = name(names, pid, stat.parent(), stat.command());
                    long used = stat.ticks();
                    if (names.containsKey(pid)) {
                        // the children it reaped: a backend that ends between two snapshots takes its CPU out of
                        // the live sum and into its postmaster's, so the group loses nothing; and its compiler
                        // threads, which are a group of their own
                        long compiling = compilerTicks(proc, pid);
                        used += stat.childTicks() - compiling;
                        ticks.merge(jit(name), compiling, Long::sum);
                    }
                    ticks.merge(name, used, Long::sum);
                } catch (IOException | RuntimeException e) {
                    // the process ended while we looked
                }
            }
        } catch (IOException e) {
            return new Snapshot(System.nanoTime(), Map.of());
        }
        return new Snapshot(System.nanoTime(), ticks);
    }

    /** CPU ticks of the process's JIT compiler threads, the stopped ones included. */
    private long compilerTicks(Path proc, long pid) {
        Map<Long, Long> threads = compilerTicks.computeIfAbsent(pid,
                p -> new java.util.concurrent.ConcurrentHashMap<>());
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(proc.resolve("task"))) {
            for (Path task : tasks) {
                try {
                    Stat stat = Stat.of(Files.readString(task.resolve("stat")));
                    if (isCompiler(stat.command())) {
                        threads.merge(Long.parseLong(task.getFileName().toString()), stat.ticks(), Math::max);
                    }
                } catch (IOException | RuntimeException e) {
                    // the thread ended while we looked
                }
            }
        } catch (IOException e) {
            // the process ended while we looked
        }
        return threads.values().stream().mapToLong(Long::longValue).sum();
    }

    /**
     * The fields read of a {@code /proc/<pid>/stat} (or a thread's {@code task/<tid>/stat}) line: the command
     * (between the first '(' and the last ')', as it may hold either), the parent, utime + stime, and
     * cutime + cstime (the children it reaped).
     */
    record Stat(String command, long parent, long ticks, long childTicks) {
        static Stat of(String line) {
            String[] rest = line.substring(line.lastIndexOf(')') + 2).split(" ");
            return new Stat(line.substring(line.indexOf('(') + 1, line.lastIndexOf(')')), Long.parseLong(rest[1]),
                    Long.parseLong(rest[11]) + Long.parseLong(rest[12]), Long.parseLong(rest[13]) + Long.parseLong(rest[14]));
        }
    }

    /** HotSpot names them "C1 CompilerThre", "C2 CompilerThre" (15 characters of "C2 CompilerThread0"). */
    static boolean isCompiler(String threadName) {
        return threadName.startsWith("C1 CompilerThre") || threadName.startsWith("C2 CompilerThre");
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
