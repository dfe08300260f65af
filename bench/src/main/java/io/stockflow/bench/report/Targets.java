package io.stockflow.bench.report;

import io.stockflow.bench.load.RateSearch;
import io.stockflow.bench.load.StepResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The targets, each checked against what the run measured. */
public final class Targets {

    public enum Status { MET, MISSED, NOT_RUN }

    /** One line of the summary: a figure, its ceiling (if any), the target and whether it was met. */
    public record Row(String figure, String measured, String ceiling, String target, Status status, String limitedBy) {
    }

    private Targets() {
    }

    public static List<Row> evaluate(Results r) {
        List<Row> rows = new ArrayList<>();
        if (r.writes != null && r.writesCeiling != null) {
            double service = r.writes.bestRate();
            double ceiling = r.writesCeiling.bestRate();
            double ratio = ceiling == 0 ? 0 : service / ceiling;
            rows.add(new Row("Warehouse single adjustments, highest rate with p99 < 50 ms",
                    String.format("%,.0f/s (%.0f%% of ceiling)", service, 100 * ratio),
                    String.format("%,.0f/s (JDBC, same SQL)", ceiling), ">= 50% of ceiling",
                    ratio >= 0.5 ? Status.MET : Status.MISSED, limiter(r.writes)));
        } else {
            rows.add(notRun("Warehouse single adjustments", ">= 50% of ceiling"));
        }
        if (r.batch != null) {
            rows.add(new Row(String.format("Warehouse batch adjustments (%d lines/request)", r.batchLines),
                    String.format("%,.0f lines/s (p99 %.1f ms per batch)", r.batch.achievedRate() * r.batchLines,
                            r.batch.p99Ms()), "", "(figure only)", Status.MET, ""));
        }
        if (r.e2eFixed != null) {
            StepResult e = r.e2eFixed;
            rows.add(new Row(String.format("End to end at %,.0f events/s%s", e.targetRate(),
                    r.e2eFixedLines == 1 ? "" : String.format(" (%d-line batches)", r.e2eFixedLines)),
                    String.format("p50 %.1f / p99 %.1f / max %.1f ms", e.p50Ms(), e.p99Ms(), e.maxMs()), "",
                    "p99 <= 50 ms", e.p99Ms() <= 50 && e.errorRatio() < 0.01 ? Status.MET : Status.MISSED,
                    e2eHint(e) + cpu(e)));
        } else {
            rows.add(notRun("End to end at 1,000 events/s", "p99 <= 50 ms"));
        }
        if (r.e2eSearch != null) {
            double best = Math.max(r.e2eSearch.bestRate(),
                    r.e2eFixed != null && r.e2eFixed.sustained(100) ? r.e2eFixed.targetRate() : 0);
            rows.add(new Row("End to end, highest sustained rate with p99 < 100 ms",
                    String.format("%,.0f events/s", best), "", ">= 5,000 events/s",
                    best >= 5000 ? Status.MET : Status.MISSED, limiter(r.e2eSearch)));
        } else {
            rows.add(notRun("End to end, highest sustained rate", ">= 5,000 events/s"));
        }
        if (r.reads != null && r.readsCeiling != null) {
            double best = r.reads.bestRate();
            String p99 = r.reads.best().map(s -> String.format(" (p50 %.2f / p99 %.2f ms)", s.p50Ms(), s.p99Ms()))
                    .orElse("");
            rows.add(new Row("Catalog GET /v1/products/{id}, highest rate with p99 < 10 ms",
                    String.format("%,.0f req/s%s", best, p99),
                    String.format("%,.0f req/s (Redis, same commands)", r.readsCeiling.bestRate()),
                    ">= 15,000 req/s", best >= 15000 ? Status.MET : Status.MISSED, limiter(r.reads)));
        } else {
            rows.add(notRun("Catalog GET /v1/products/{id}", ">= 15,000 req/s, p99 < 10 ms"));
        }
        // the issue sets a target for the warehouse's bulk stock only; the catalog's batch is a figure
        rows.add(bulk("Catalog POST /v1/products/batch, 1000 ids", r.catalogBatch, false));
        rows.add(bulk("Warehouse POST /v1/batch/stock, 1000 ids", r.warehouseBulk, true));
        rows.add(overload(r.overload));
        if (r.warmup != null) {
            rows.add(new Row("Catalog cold start to ready (flushed Redis, 200K levels)",
                    String.format("%.1f s%s", r.warmup.secondsToReady(), r.warmup.warmupMetricSeconds() == null ? ""
                            : String.format(" (warm-up itself %.1f s)", r.warmup.warmupMetricSeconds())),
                    "", "< 10 s", r.warmup.secondsToReady() < 10 ? Status.MET : Status.MISSED, ""));
        } else {
            rows.add(notRun("Catalog cold start to ready", "< 10 s"));
        }
        r.peakRssKb.forEach((name, kb) -> rows.add(new Row("Peak RSS (VmHWM) of " + name,
                String.format("%,.0f MB", kb / 1024.0), "", service(name) ? "< 512 MB" : "(figure only)",
                !service(name) || kb < 512 * 1024 ? Status.MET : Status.MISSED,
                "the JVM was started with " + r.jvmOptions.getOrDefault(name, "unknown options")
                        + ": a heap allowed to grow past 512 MB does so under load before it collects; cap the heap "
                        + "(e.g. -Xmx320m) to hold the target")));
        return rows;
    }

    /** Load shedding: the accepted commands keep their latency, the refused ones are answered at once. */
    static Row overload(Results.Overload o) {
        String target = "accepted p99 <= 2x the sustained step's; refused p99 < 5 ms";
        if (o == null) {
            return notRun("Warehouse single adjustments at 2x the sustained rate", target);
        }
        StepResult s = o.step();
        double base = o.sustained().p99Ms();
        boolean accepted = s.histogram().getTotalCount() > 0 && s.p99Ms() <= 2 * Math.max(base, 1);
        boolean refusedFast = o.shed() == 0 || o.shedP99Ms() < 5;
        return new Row(String.format("Warehouse single adjustments at 2x the sustained rate (%,.0f/s)", s.targetRate()),
                String.format("accepted %,.0f/s, p99 %.1f ms (sustained step: p99 %.1f ms at %,.0f/s); shed %,d with 503, "
                        + "p99 %.1f / max %.1f ms%s", s.achievedRate(), s.p99Ms(), base, o.sustained().targetRate(), o.shed(),
                        o.shedP99Ms(), o.shedMaxMs(), o.controls() == 0 ? ""
                                : String.format("; a control the router refuses before admission (400), p99 %.1f ms",
                                        o.controlP99Ms())),
                "", target, accepted && refusedFast ? Status.MET : Status.MISSED, cpu(s));
    }

    /** A median near the catalog's batch window says the window, not the pipeline, sets the latency. */
    static String e2eHint(StepResult e) {
        return e.errorRatio() >= 0.01
                ? "the warehouse did not take the load (requests failed or timed out), so most changes never committed; "
                : "";
    }

    private static boolean service(String name) {
        return name.startsWith("warehouse") || name.startsWith("catalog");
    }

    private static Row bulk(String figure, StepResult s, boolean targeted) {
        String target = targeted ? "p99 < 25 ms" : "(figure only)";
        if (s == null) {
            return notRun(figure, target);
        }
        boolean met = s.errorRatio() < 0.01 && (!targeted || s.p99Ms() < 25);
        return new Row(figure, String.format("p50 %.1f / p99 %.1f ms at %,.0f req/s", s.p50Ms(), s.p99Ms(),
                s.targetRate()), "", target, met ? Status.MET : Status.MISSED, cpu(s));
    }

    private static Row notRun(String figure, String target) {
        return new Row(figure, "not run", "", target, Status.NOT_RUN, "");
    }

    /** CPU use during the step that broke the limit: what the report names as the limit. */
    static String limiter(RateSearch.Outcome outcome) {
        return outcome.last().filter(s -> !s.sustained(outcome.p99LimitMs())).map(Targets::cpu).orElse("");
    }

    static String cpu(StepResult s) {
        if (s.cpu().isEmpty()) {
            return "";
        }
        double total = s.cpu().values().stream().mapToDouble(Double::doubleValue).sum();
        String top = s.cpu().entrySet().stream().limit(5)
                .map(e -> String.format("%s %.0f%%", e.getKey(), e.getValue())).collect(Collectors.joining(", "));
        return String.format("at %,.0f/s: CPU %.0f%% of %d00%% (%s)", s.targetRate(), total,
                Runtime.getRuntime().availableProcessors(), top);
    }

    public static Map<Status, Long> count(List<Row> rows) {
        return rows.stream().collect(Collectors.groupingBy(Row::status, Collectors.counting()));
    }
}
