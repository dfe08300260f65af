package io.stockflow.bench.system;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The processes deploy/local/run.sh started, found through its PID files ({@code RUN_DIR/<name>.pid}).
 * Reads their peak resident memory, and restarts one with its exact command line, environment and
 * working directory (re-recording the PID, so {@code run.sh stop} still stops it).
 */
public final class ServiceProcesses {

    private final Path runDir;

    public ServiceProcesses(Path runDir) {
        this.runDir = runDir;
    }

    public Optional<Long> pid(String name) {
        Path file = runDir.resolve(name + ".pid");
        try {
            long pid = Long.parseLong(Files.readString(file).trim());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).map(p -> pid);
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** VmHWM (peak resident set) and VmRSS of a running process, in kB. */
    public static OptionalLong status(long pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith(field + ":")) {
                    return OptionalLong.of(Long.parseLong(line.replaceAll("[^0-9]", "")));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // the process is gone
        }
        return OptionalLong.empty();
    }

    /** The -X options (heap, GC) on a process's command line, if it is a JVM. */
    public static Optional<String> jvmOptions(long pid) {
        try {
            List<String> args = split(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")));
            String options = String.join(" ", args.stream().filter(a -> a.startsWith("-X")).toList());
            return options.isEmpty() ? Optional.empty() : Optional.of(options);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    public OptionalLong peakRssKb(String name) {
        return pid(name).map(pid -> status(pid, "VmHWM")).orElse(OptionalLong.empty());
    }

    /** A restarted process and when it was started ({@link System#nanoTime}). */
    public record Restarted(long pid, long startedNanos) {
    }

    /**
     * Stops {@code name} (SIGTERM, then SIGKILL after the timeout), runs {@code whileStopped}, and starts
     * the process again the same way.
     */
    public Restarted restart(String name, java.time.Duration stopTimeout, Runnable whileStopped)
            throws IOException, InterruptedException {
        return restart(name, stopTimeout, whileStopped, Map.of());
    }

    /** The same, with {@code environmentChanges} set in the restarted process's environment. */
    public Restarted restart(String name, java.time.Duration stopTimeout, Runnable whileStopped,
            Map<String, String> environmentChanges) throws IOException, InterruptedException {
        long pid = pid(name).orElseThrow(() -> new IllegalStateException(name + " is not running (no live PID in "
                + runDir.resolve(name + ".pid") + ")"));
        Path proc = Path.of("/proc", Long.toString(pid));
        List<String> command = split(Files.readAllBytes(proc.resolve("cmdline")));
        Map<String, String> environment = new LinkedHashMap<>();
        for (String entry : split(Files.readAllBytes(proc.resolve("environ")))) {
            int eq = entry.indexOf('=');
            if (eq > 0) {
                environment.put(entry.substring(0, eq), entry.substring(eq + 1));
            }
        }
        environment.putAll(environmentChanges);
        Path cwd = Files.readSymbolicLink(proc.resolve("cwd"));

        ProcessHandle handle = ProcessHandle.of(pid).orElseThrow();
        handle.destroy();
        long deadline = System.nanoTime() + stopTimeout.toNanos();
        while (handle.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        if (handle.isAlive()) {
            handle.destroyForcibly();
            handle.onExit().join();
        }

        whileStopped.run();

        List<String> detached = new ArrayList<>();
        detached.add("setsid"); // like run.sh: its own session, so it outlives this harness
        detached.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(detached).directory(cwd.toFile());
        builder.environment().clear();
        builder.environment().putAll(environment);
        Path log = runDir.resolve("logs").resolve(name + ".log");
        if (Files.isDirectory(log.getParent())) {
            builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        } else {
            builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        }
        builder.redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        long startedNanos = System.nanoTime();
        Process started = builder.start();
        Files.writeString(runDir.resolve(name + ".pid"), started.pid() + "\n");
        return new Restarted(started.pid(), startedNanos);
    }

    private static List<String> split(byte[] nulSeparated) {
        String all = new String(nulSeparated, StandardCharsets.UTF_8);
        return new ArrayList<>(Arrays.stream(all.split("\0")).filter(s -> !s.isEmpty()).toList());
    }
}
