package io.stockflow.bench.cost;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The costs of several runs side by side: for each operation and figure, the median and the spread
 * (half the range, relative to the median) across the runs.
 */
public record CostSummary(List<Operation> operations) {

    /** One operation's figures across the runs, in the order the runs measured them. */
    public record Operation(String name, String unit, double rate, Map<String, Spread> figures) {
    }

    public record Spread(double median, double min, double max, int runs) {

        static Spread of(List<Double> values) {
            List<Double> v = values.stream().filter(x -> !x.isNaN()).sorted().toList();
            if (v.isEmpty()) {
                return new Spread(Double.NaN, Double.NaN, Double.NaN, 0);
            }
            int n = v.size();
            double median = n % 2 == 1 ? v.get(n / 2) : (v.get(n / 2 - 1) + v.get(n / 2)) / 2;
            return new Spread(median, v.get(0), v.get(n - 1), n);
        }

        /** Half the range relative to the median: ±this fraction covers every run. */
        public double relative() {
            return median == 0 || runs < 2 ? 0 : (max - min) / 2 / Math.abs(median);
        }
    }

    public static CostSummary of(List<List<Cost>> runs) {
        Map<String, List<Cost>> byName = new LinkedHashMap<>();
        runs.forEach(run -> run.forEach(c -> byName.computeIfAbsent(c.name(), k -> new ArrayList<>()).add(c)));
        List<Operation> operations = new ArrayList<>();
        byName.forEach((name, costs) -> {
            Map<String, Spread> figures = new LinkedHashMap<>();
            costs.get(0).figures().keySet().forEach(figure -> figures.put(figure,
                    Spread.of(costs.stream().map(c -> c.figures().get(figure)).toList())));
            operations.add(new Operation(name, costs.get(0).unit(), costs.get(0).rate(), figures));
        });
        return new CostSummary(operations);
    }

    public java.util.Optional<Operation> operation(String name) {
        return operations.stream().filter(o -> o.name().equals(name)).findFirst();
    }
}
