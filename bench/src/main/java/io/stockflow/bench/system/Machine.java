package io.stockflow.bench.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** What the benchmark ran on, for the report. */
public final class Machine {

    private Machine() {
    }

    public static Map<String, String> describe() {
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("CPU", firstMatch(Path.of("/proc/cpuinfo"), "model name").orElse("unknown")
                + " — " + Runtime.getRuntime().availableProcessors() + " cores visible");
        facts.put("Memory", firstMatch(Path.of("/proc/meminfo"), "MemTotal").map(Machine::kbToGib)
                .orElse("unknown"));
        facts.put("OS", firstMatch(Path.of("/etc/os-release"), "PRETTY_NAME").map(s -> s.replace("\"", ""))
                .orElse(System.getProperty("os.name")) + ", kernel " + System.getProperty("os.version"));
        facts.put("Java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        facts.put("Load average at start", read(Path.of("/proc/loadavg")).map(s -> String.join(" ",
                java.util.Arrays.copyOf(s.trim().split("\\s+"), 3))).orElse("unknown"));
        facts.put("Git commit", command("git", "rev-parse", "--short", "HEAD").orElse("unknown"));
        return facts;
    }

    private static java.util.Optional<String> firstMatch(Path file, String key) {
        return read(file).flatMap(text -> text.lines().filter(l -> l.startsWith(key)).findFirst())
                .map(l -> l.substring(l.indexOf(l.contains(":") ? ':' : '=') + 1).trim());
    }

    private static java.util.Optional<String> read(Path file) {
        try {
            return java.util.Optional.of(Files.readString(file));
        } catch (IOException e) {
            return java.util.Optional.empty();
        }
    }

    private static String kbToGib(String kb) {
        return String.format("%.1f GiB", Long.parseLong(kb.replaceAll("[^0-9]", "")) / 1024.0 / 1024.0);
    }

    public static java.util.Optional<String> command(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0 ? java.util.Optional.of(out)
                    : java.util.Optional.empty();
        } catch (IOException e) {
            return java.util.Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return java.util.Optional.empty();
        }
    }
}
