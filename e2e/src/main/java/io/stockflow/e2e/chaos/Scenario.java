package io.stockflow.e2e.chaos;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One chaos scenario: fresh levels, the recorded workload and the version watch running, the fault
 * injected after {@code before}, the workload kept on for {@code after} once the fault is over, then
 * every check. Its {@link Result} is one line of figures.
 */
public final class Scenario {

    /** A fault: kills, stops or restarts something and returns once it has put things back. */
    @FunctionalInterface
    public interface Fault {
        void inject() throws Exception;
    }

    public record Settings(Workload.Settings load, Verification.Target target, String adminKey,
            List<String> warehouseIds, int products, Duration before, Duration after, Duration convergeBound) {
    }

    /** The scenario's figures; {@code problems} empty when it passed. */
    public record Result(String name, long commands, long applied, long refused, long retried, long retriedApplied,
            long unresolved, Map<String, Long> statuses, Map<String, Long> reads, long faultMillis,
            long convergeMillis, Duration bound, long versionSamples, List<String> problems) {

        public boolean passed() {
            return problems.isEmpty();
        }

        public String line() {
            return String.format("%-22s %s  converged %s (bound %d s), fault %.1f s | %d commands: %d applied "
                            + "(%d retried with their key, %d of them applied), %d refused, %d unresolved | statuses %s | reads %s%s",
                    name, passed() ? "PASS" : "FAIL", convergeMillis < 0 ? "never" : String.format("%.1f s", convergeMillis / 1000.0),
                    bound.toSeconds(), faultMillis / 1000.0, commands, applied, retried, retriedApplied, refused, unresolved,
                    counts(statuses), counts(reads),
                    passed() ? "" : " | " + problems.size() + " problem(s): " + String.join("; ", problems.subList(0, Math.min(5, problems.size()))));
        }

        public static String counts(Map<String, Long> counts) {
            return counts.isEmpty() ? "-" : counts.entrySet().stream().map(e -> e.getKey() + " x" + e.getValue())
                    .collect(Collectors.joining(", "));
        }
    }

    private Scenario() {
    }

    public static Result run(String name, Settings settings, Fault fault) throws Exception {
        List<Level> levels = Level.fresh("CHAOS-" + name, settings.products(), settings.warehouseIds());
        Setup.products(settings, levels);
        List<String> problems = new ArrayList<>();
        Verification verification = new Verification(settings.target());
        try (VersionWatch watch = new VersionWatch(settings.target().redisUrl(), levels).start()) {
            Workload workload = new Workload(settings.load(), levels).start();
            Workload.pause(settings.before().toMillis());
            long faultStart = System.nanoTime();
            try {
                fault.inject();
            } catch (Exception e) {
                problems.add("the fault itself failed: " + e);
            }
            long faultMillis = (System.nanoTime() - faultStart) / 1_000_000;
            Workload.pause(settings.after().toMillis());
            List<Outcome> outcomes = workload.stop();

            problems.addAll(verification.checkWarehouse(levels, outcomes));
            StringBuilder lastDifference = new StringBuilder();
            long converged = verification.awaitCatalog(levels, outcomes, settings.convergeBound(), lastDifference);
            if (converged < 0) {
                problems.add("the catalog did not converge within " + settings.convergeBound().toSeconds() + " s: " + lastDifference);
            }
            Workload.pause(500); // one more sample after convergence
            problems.addAll(watch.regressions());
            Map<String, Long> statuses = workload.commandStatuses();
            statuses.forEach((status, n) -> {
                if (status.startsWith("5") && !status.equals("503") || status.endsWith("without Retry-After")) {
                    problems.add(n + " answer(s) " + status + " (an unavailable dependency must be 503 with Retry-After)");
                }
            });
            workload.readStatuses().forEach((status, n) -> {
                if (status.startsWith("5") && !status.equals("503")) {
                    problems.add(n + " catalog read(s) answered " + status);
                }
            });
            return new Result(name, outcomes.size(), count(outcomes, Outcome.Verdict.APPLIED),
                    count(outcomes, Outcome.Verdict.REFUSED),
                    outcomes.stream().filter(Outcome::retried).count(),
                    outcomes.stream().filter(o -> o.retried() && o.applied()).count(),
                    count(outcomes, Outcome.Verdict.UNRESOLVED), statuses, workload.readStatuses(), faultMillis,
                    converged, settings.convergeBound(), watch.samples(), problems);
        }
    }

    private static long count(List<Outcome> outcomes, Outcome.Verdict verdict) {
        return outcomes.stream().filter(o -> o.verdict() == verdict).count();
    }
}
