package io.stockflow.e2e.chaos;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * deploy/local/chaos.sh's driver: runs one scenario against a running system, the fault being a
 * command it runs (the script's own {@code fault <name>}), prints the scenario's line and appends it
 * to {@code CHAOS_RESULTS}. Exit code 0 when every check passed, 1 otherwise.
 *
 * <pre>java -cp ... io.stockflow.e2e.chaos.ChaosDriver NAME COMMAND [ARGS...]</pre>
 *
 * Environment: CHAOS_WAREHOUSE_URLS, CHAOS_CATALOG_URLS (comma-separated), REDIS_URL, CHAOS_WRITE_KEY,
 * CHAOS_READ_KEY, CHAOS_ADMIN_KEY, CHAOS_SERVICE_KEY, CHAOS_WAREHOUSE_IDS, and the workload's shape:
 * CHAOS_CLIENTS (6), CHAOS_THINK_MS (25), CHAOS_PRODUCTS (8), CHAOS_BEFORE_SECONDS (5),
 * CHAOS_AFTER_SECONDS (5), CHAOS_BOUND_SECONDS (90), CHAOS_COMMAND_DEADLINE_SECONDS (120).
 */
public final class ChaosDriver {

    /** Held, so that their levels stay: the Redis client's warnings (a blocked event loop on a busy machine) are no result. */
    private static final List<java.util.logging.Logger> QUIET = List.of(
            java.util.logging.Logger.getLogger("io.vertx"), java.util.logging.Logger.getLogger("io.netty"));

    private ChaosDriver() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: ChaosDriver NAME COMMAND [ARGS...]");
            System.exit(2);
        }
        QUIET.forEach(logger -> logger.setLevel(java.util.logging.Level.SEVERE));
        String name = args[0];
        List<String> command = Arrays.asList(args).subList(1, args.length);
        List<String> warehouses = list("CHAOS_WAREHOUSE_URLS");
        List<String> catalogs = list("CHAOS_CATALOG_URLS");
        Workload.Settings load = new Workload.Settings(warehouses, catalogs, env("CHAOS_WRITE_KEY", null),
                env("CHAOS_READ_KEY", null), number("CHAOS_CLIENTS", 6), Duration.ofMillis(number("CHAOS_THINK_MS", 25)),
                Duration.ofSeconds(number("CHAOS_COMMAND_DEADLINE_SECONDS", 120)));
        Verification.Target target = new Verification.Target(warehouses, catalogs, env("CHAOS_READ_KEY", null),
                env("CHAOS_SERVICE_KEY", null), env("REDIS_URL", "redis://127.0.0.1:6379"));
        Scenario.Settings settings = new Scenario.Settings(load, target, env("CHAOS_ADMIN_KEY", null),
                List.of(env("CHAOS_WAREHOUSE_IDS", "CHAOS-A,CHAOS-B").split(",")), number("CHAOS_PRODUCTS", 8),
                Duration.ofSeconds(number("CHAOS_BEFORE_SECONDS", 5)), Duration.ofSeconds(number("CHAOS_AFTER_SECONDS", 5)),
                Duration.ofSeconds(number("CHAOS_BOUND_SECONDS", 90)));

        Scenario.Result result = Scenario.run(name, settings, () -> {
            int exit = new ProcessBuilder(command).inheritIO().start().waitFor();
            if (exit != 0) {
                throw new IllegalStateException(String.join(" ", command) + " exited with " + exit);
            }
        });
        System.out.println(result.line());
        String results = System.getenv("CHAOS_RESULTS");
        if (results != null && !results.isBlank()) {
            Files.writeString(Path.of(results), row(result) + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
        System.exit(result.passed() ? 0 : 1);
    }

    /** The scenario as a row of docs/chaos.md's table. */
    static String row(Scenario.Result r) {
        return String.join(" | ", "| " + r.name(), r.passed() ? "pass" : "**FAIL**",
                r.convergeMillis() < 0 ? "never" : String.format("%.1f s", r.convergeMillis() / 1000.0),
                String.format("%.1f s", r.faultMillis() / 1000.0),
                Long.toString(r.commands()), Long.toString(r.applied()), Long.toString(r.refused()),
                r.retried() + " / " + r.retriedApplied(), Long.toString(r.unresolved()),
                Scenario.Result.counts(r.statuses()), Scenario.Result.counts(r.reads()),
                r.passed() ? "" : String.join("; ", r.problems().subList(0, Math.min(3, r.problems().size())))
                        .replace("|", "/")) + " |";
    }

    private static List<String> list(String name) {
        return List.of(env(name, null).split(","));
    }

    private static int number(String name, int fallback) {
        return Integer.parseInt(env(name, Integer.toString(fallback)));
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            if (fallback == null) {
                throw new IllegalArgumentException(name + " is not set");
            }
            return fallback;
        }
        return value;
    }
}
