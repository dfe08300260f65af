package io.stockflow.bench.cost;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The regression gate: each cost figure of this run beside the same figure of an earlier one, flagged
 * when it grew by more than the two runs' spreads together (and at least {@link #FLOOR}): a growth the
 * runs' own scatter cannot explain.
 */
public final class CostComparison {

    /** Growth below this is never flagged, however tight both spreads were. */
    public static final double FLOOR = 0.05;

    /** Figures too small to compare (a few ticks of CPU, a stray command): their relative change is noise. */
    private static final Map<String, Double> NEGLIGIBLE = Map.of("cpu", 0.01, "wal bytes", 20.0, "redis commands", 0.05);

    /** {@code comparable} is false for CPU times measured on another processor model: shown, never flagged. */
    public record Change(String operation, String figure, CostSummary.Spread before, CostSummary.Spread now,
            double growth, double allowed, boolean flagged, boolean comparable) {
    }

    private CostComparison() {
    }

    public static List<Change> compare(CostSummary before, CostSummary now) {
        return compare(before, now, true);
    }

    /**
     * With {@code sameProcessor} false (the earlier run names another CPU model, or none), CPU times are
     * listed but not flagged: a millisecond of one processor is not one of another. WAL bytes and Redis
     * commands per operation do not depend on the processor and are judged as always.
     */
    public static List<Change> compare(CostSummary before, CostSummary now, boolean sameProcessor) {
        List<Change> changes = new ArrayList<>();
        for (CostSummary.Operation op : now.operations()) {
            before.operation(op.name()).ifPresent(old -> op.figures().forEach((figure, spread) -> {
                CostSummary.Spread was = old.figures().get(figure);
                if (was == null || !compared(figure) || was.runs() == 0 || spread.runs() == 0
                        || (negligible(figure, was.median()) && negligible(figure, spread.median()))) {
                    return;
                }
                double growth = was.median() == 0 ? Double.POSITIVE_INFINITY : spread.median() / was.median() - 1;
                double allowed = Math.max(FLOOR, was.relative() + spread.relative());
                boolean comparable = sameProcessor || !figure.startsWith("cpu");
                changes.add(new Change(op.name(), figure, was, spread, growth, allowed, comparable && growth > allowed,
                        comparable));
            }));
        }
        return changes;
    }

    /**
     * Steal time is the host's, the generator's own CPU is not the system's cost, and the JIT compilers'
     * depends on how long the services had run.
     */
    static boolean compared(String figure) {
        return !figure.equals("steal %") && !figure.equals("cpu bench") && !figure.equals("cpu jit");
    }

    static boolean negligible(String figure, double median) {
        double limit = figure.startsWith("cpu") ? NEGLIGIBLE.get("cpu") : NEGLIGIBLE.getOrDefault(figure, 0.0);
        return Double.isNaN(median) || median < limit;
    }

    /** The comparison as plain text lines, flagged ones marked. */
    public static String describe(List<Change> changes) {
        StringBuilder out = new StringBuilder();
        for (Change c : changes) {
            out.append(String.format("%s %-34s %-16s %12s -> %12s  %+6.1f%% (allowed +%.0f%%)%n",
                    c.flagged() ? "GREW" : c.comparable() ? "  ok" : " cpu", c.operation(), c.figure(), format(c.figure(), c.before().median()),
                    format(c.figure(), c.now().median()), 100 * c.growth(), 100 * c.allowed()));
        }
        long flagged = changes.stream().filter(Change::flagged).count();
        out.append(flagged == 0 ? "no cost figure grew beyond the measured spread\n"
                : flagged + " cost figure(s) grew beyond the measured spread\n");
        return out.toString();
    }

    public static String format(String figure, double value) {
        if (Double.isNaN(value)) {
            return "–";
        }
        if (figure.startsWith("cpu")) {
            return String.format("%.3f ms", value);
        }
        if (figure.equals("wal bytes")) {
            return String.format("%,.0f B", value);
        }
        return String.format("%.2f", value);
    }
}
