package io.stockflow.bench.cost;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.DoubleFunction;

/**
 * Two builds measured in alternation in one sitting ({@code deploy/local/ab.sh}): for each operation and
 * figure, the head's median over the base's in each pair of neighbouring measurements, and the median of
 * those ratios. On these hosts the CPU an operation costs drifts by tens of percent within an hour, on the
 * same build; a ratio of two measurements minutes apart cancels most of that drift, which a comparison
 * with a run from another day cannot.
 */
public final class CostAb {

    /** One sitting: the base's runs and the head's, measured one right after the other. */
    public record Pair(CostSummary base, CostSummary head) {
    }

    /** One figure of one operation in every pair: the medians of each side and their ratio. */
    public record Ratio(String operation, String figure, List<Double> base, List<Double> head) {

        public List<Double> ratios() {
            List<Double> r = new ArrayList<>();
            for (int i = 0; i < base.size(); i++) {
                r.add(base.get(i) == 0 ? Double.NaN : head.get(i) / base.get(i));
            }
            return r;
        }

        /** The median of the pairs' ratios: below 1, the head costs less. */
        public double median() {
            return CostSummary.Spread.of(ratios()).median();
        }
    }

    private CostAb() {
    }

    /**
     * Every figure the regression gate compares, of every operation both sides measured in every pair, the
     * negligible left out.
     */
    public static List<Ratio> ratios(List<Pair> pairs) {
        List<Ratio> ratios = new ArrayList<>();
        if (pairs.isEmpty()) {
            return ratios;
        }
        for (CostSummary.Operation op : pairs.get(0).head().operations()) {
            for (String figure : op.figures().keySet()) {
                if (!CostComparison.compared(figure)) {
                    continue;
                }
                List<Double> base = new ArrayList<>();
                List<Double> head = new ArrayList<>();
                for (Pair pair : pairs) {
                    median(pair.base(), op.name(), figure).ifPresent(base::add);
                    median(pair.head(), op.name(), figure).ifPresent(head::add);
                }
                boolean measured = base.size() == pairs.size() && head.size() == pairs.size();
                if (measured && !(base.stream().allMatch(v -> CostComparison.negligible(figure, v))
                        && head.stream().allMatch(v -> CostComparison.negligible(figure, v)))) {
                    ratios.add(new Ratio(op.name(), figure, base, head));
                }
            }
        }
        return ratios;
    }

    private static Optional<Double> median(CostSummary summary, String operation, String figure) {
        return summary.operation(operation).map(o -> o.figures().get(figure)).filter(s -> s != null && s.runs() > 0)
                .map(CostSummary.Spread::median);
    }

    /** The comparison as a Markdown table, one row per operation and figure. */
    public static String describe(String baseName, String headName, List<Ratio> ratios) {
        StringBuilder out = new StringBuilder();
        out.append(String.format("Head (%s) against base (%s), measured in alternation: each pair is the two sides' "
                + "medians, one measured right after the other; head/base below 1 means the head costs less.%n%n",
                headName, baseName));
        out.append("| operation | figure | base, by pair | head, by pair | head/base, by pair | **median head/base** |\n");
        out.append("|---|---|---|---|---|---|\n");
        for (Ratio r : ratios) {
            out.append(String.format("| %s | %s | %s | %s | %s | **%.2f** |%n", r.operation(), r.figure(),
                    join(r.base(), v -> CostComparison.format(r.figure(), v)),
                    join(r.head(), v -> CostComparison.format(r.figure(), v)),
                    join(r.ratios(), v -> String.format("%.2f", v)), r.median()));
        }
        return out.toString();
    }

    private static String join(List<Double> values, DoubleFunction<String> format) {
        return String.join(" / ", values.stream().map(format::apply).toList());
    }

    /**
     * {@code <dir> <base name> <head name>}: reads {@code <dir>/<n>-base} and {@code <dir>/<n>-head} (each a
     * BENCH_OUTPUT, its costs in bench/results/costs.json) for n = 1, 2, ... while both exist, and writes
     * {@code <dir>/AB.md}.
     */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        List<Pair> pairs = new ArrayList<>();
        for (int n = 1; ; n++) {
            Path base = dir.resolve(n + "-base/bench/results/costs.json");
            Path head = dir.resolve(n + "-head/bench/results/costs.json");
            if (!Files.exists(base) || !Files.exists(head)) {
                break;
            }
            pairs.add(new Pair(CostSummary.of(CostFile.read(base).runs()), CostSummary.of(CostFile.read(head).runs())));
        }
        if (pairs.isEmpty()) {
            System.err.println("ERROR: no measured pair in " + dir);
            System.exit(2);
        }
        String report = describe(args.length > 1 ? args[1] : "base", args.length > 2 ? args[2] : "head", ratios(pairs));
        Files.writeString(dir.resolve("AB.md"), report, StandardCharsets.UTF_8);
        System.out.print(report);
    }
}
