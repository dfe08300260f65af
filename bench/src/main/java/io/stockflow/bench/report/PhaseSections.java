package io.stockflow.bench.report;

import io.stockflow.bench.load.RateSearch;
import io.stockflow.bench.load.StepResult;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/** The report's sections of the phases (1. writes to 6. memory), each left out when its phase did not run. */
record PhaseSections(Results r, String chartPrefix, Consumer<String> out) {

    private void line(String s) {
        out.accept(s);
    }

    /** Opens a section with its title when its phase ran; false (nothing written) when it did not. */
    private boolean section(boolean ran, String title) {
        if (ran) {
            line(title);
            line("");
        }
        return ran;
    }

    void writes() {
        if (!section(r.writes != null, "## 1. Warehouse writes")) {
            return;
        }
        line("`POST /v1/inventory/adjustments` over HTTP, beside its ceiling: the same transaction the service runs "
                + "for an adjustment (`SELECT ... FOR UPDATE` of the level, the one-statement change set writing "
                + "level + ledger entry + outbox event, `COMMIT`) driven straight at PostgreSQL over JDBC with "
                + r.settings.getOrDefault("BENCH_DB_CONCURRENCY", "?") + " connections (the service's pool size). "
                + "Limit: p99 < 50 ms.");
        line("");
        steps("Service (HTTP)", r.writes);
        if (r.writesCeiling != null) {
            steps("Ceiling (JDBC, same SQL)", r.writesCeiling);
            double ceiling = r.writesCeiling.bestRate();
            line(String.format("Ratio service / ceiling: **%.0f%%** (%,.0f/s of %,.0f/s).", ceiling == 0 ? 0
                    : 100 * r.writes.bestRate() / ceiling, r.writes.bestRate(), ceiling));
            line("");
        }
        if (r.batch != null) {
            line(String.format("Batch endpoint (`POST /v1/inventory/adjustments/batch`, %d distinct random lines per "
                    + "request, atomic, %s concurrent clients, closed loop): **%,.0f lines/s** (%,.0f requests/s), "
                    + "latency per batch p50 %.1f ms, p99 %.1f ms, max %.1f ms, %d errors.", r.batchLines,
                    r.settings.getOrDefault("BENCH_BATCH_CONCURRENCY", "?"), r.batch.achievedRate() * r.batchLines,
                    r.batch.achievedRate(), r.batch.p50Ms(), r.batch.p99Ms(), r.batch.maxMs(), r.batch.errors()));
            line("");
        }
        charts("writes");
    }

    void e2e() {
        if (!section(r.e2eFixed != null || r.e2eSearch != null,
                "## 2. End to end: warehouse commit to catalog Redis")) {
            return;
        }
        line("Each adjustment's response carries the level's new `version` and its `updatedAt`, stamped in the "
                + "warehouse transaction just before COMMIT. The harness watches the level's key in the catalog's "
                + "Redis (" + r.e2eDetection + ") and counts the change as visible once the stored `version` reaches "
                + "the committed one. Latency = visible time - `updatedAt`: an upper bound (it includes the commit "
                + "itself). Path: outbox -> relay -> Kafka -> catalog consumer -> Redis.");
        line("");
        if (r.e2eFixed != null) {
            StepResult e = r.e2eFixed;
            String how = r.e2eFixedLines == 1 ? "single adjustments" : String.format("%d-line batch requests, %,.0f a "
                    + "second, because the warehouse did not sustain %,.0f single adjustments/s in section 1; the "
                    + "pipeline sees the same events either way", r.e2eFixedLines, e.targetRate() / r.e2eFixedLines,
                    e.targetRate());
            line(String.format("At **%,.0f events/s for %s s** (%s): p50 **%.1f ms**, p99 **%.1f ms**, "
                    + "p99.9 %.1f ms, max **%.1f ms**; %,d changes seen, %d not seen within the timeout or failed.",
                    e.targetRate(), r.settings.getOrDefault("BENCH_E2E_SECONDS", "?"), how, e.p50Ms(), e.p99Ms(),
                    e.p999Ms(), e.maxMs(), e.histogram().getTotalCount(), e.errors()));
            line("");
        }
        if (r.e2eSearch != null) {
            line("Sustained rate (limit p99 < 100 ms; above " + r.settings.getOrDefault("BENCH_E2E_SINGLE_MAX_RATE", "?")
                    + " events/s the load uses the batch endpoint with " + r.settings.getOrDefault(
                    "BENCH_E2E_BATCH_LINES", "?") + " lines per request, as the issue allows):");
            line("");
            steps("End to end", r.e2eSearch);
        }
        charts("e2e");
    }

    void reads() {
        if (!section(r.reads != null || r.catalogBatch != null, "## 3. Catalog reads")) {
            return;
        }
        if (r.reads != null) {
            line("`GET /v1/products/{id}` (random products), beside its ceiling: the same Redis commands one read "
                    + "makes (`GET catalog:product:{id}` and `GET catalog:stock:{id}:json`, pipelined in one round "
                    + "trip as the catalog sends them) sent straight to Redis by the same kind of client, over one "
                    + "connection per event loop of the load generator. The catalog holds products it read in its near "
                    + "cache (kept true by Redis's invalidation pushes), so after the prime phase its GETs cost no "
                    + "Redis round trip. Limit: p99 < 10 ms.");
            line("");
            steps("Catalog (HTTP)", r.reads);
            if (r.readsCeiling != null) {
                steps("Ceiling (Redis, same commands)", r.readsCeiling);
            }
        }
        if (r.catalogBatch != null) {
            line(bulkStep("`POST /v1/products/batch` with 1000 ids", r.catalogBatch));
            line("");
        }
        charts("reads");
    }

    void bulk() {
        if (!section(r.warehouseBulk != null, "## 4. Bulk stock at the warehouse")) {
            return;
        }
        line(bulkStep("`POST /v1/batch/stock` with 1000 ids (consecutive products from a random start)",
                r.warehouseBulk));
        line("");
        charts("bulk");
    }

    void warmup() {
        if (!section(r.warmup != null, "## 5. Catalog cache warm-up")) {
            return;
        }
        Results.Warmup w = r.warmup;
        line(String.format("The catalog process was stopped, its Redis database flushed, and the process started "
                + "again with the same command line and environment. From process start to `/q/health/ready` UP: "
                + "**%.1f s** (JVM start, migrations, Kafka consumer and warm-up)%s%s. Redis then held %,d keys.",
                w.secondsToReady(), w.warmupMetricSeconds() == null ? "" : String.format(
                        "; the warm-up itself (metric `catalog_warmup_duration_seconds`) took **%.1f s**",
                        w.warmupMetricSeconds()), w.levelsMetric() == null ? "" : String.format(
                        " for %,.0f levels (`catalog_warmup_levels`)", w.levelsMetric()), w.redisKeys()));
        line("");
    }

    void memory() {
        if (!section(!r.peakRssKb.isEmpty(), "## 6. Memory")) {
            return;
        }
        line("Peak resident set (`VmHWM` in `/proc/<pid>/status`) of each process `deploy/local/run.sh` started, "
                + "read at the end of the run (the catalog's before its restart for the warm-up and after; the larger "
                + "is shown).");
        line("");
        line("| process | peak RSS |");
        line("|---|---|");
        r.peakRssKb.forEach((name, kb) -> line(String.format("| %s | %,.0f MB |", name, kb / 1024.0)));
        line("");
    }

    private String bulkStep(String what, StepResult s) {
        return String.format("%s, open loop at %,.0f requests/s for %s s: p50 **%.1f ms**, p99 **%.1f ms**, max %.1f ms, "
                + "%d errors of %,d.", what, s.targetRate(), r.settings.getOrDefault("BENCH_BULK_SECONDS", "?"),
                s.p50Ms(), s.p99Ms(), s.maxMs(), s.errors(), s.sent());
    }

    private void steps(String title, RateSearch.Outcome outcome) {
        line("**" + title + "** — highest sustained: **" + String.format("%,.0f/s", outcome.bestRate()) + "**");
        line("");
        line("| target rate | achieved | p50 ms | p99 ms | p99.9 ms | max ms | errors | sustained | CPU (top processes) |");
        line("|---:|---:|---:|---:|---:|---:|---:|:---:|---|");
        for (StepResult s : outcome.steps()) {
            line(String.format("| %,.0f/s | %,.0f/s | %.2f | %.2f | %.2f | %.1f | %d | %s | %s |", s.targetRate(),
                    s.achievedRate(), s.p50Ms(), s.p99Ms(), s.p999Ms(), s.maxMs(), s.errors(),
                    s.sustained(outcome.p99LimitMs()) ? "yes" : "**no**", cpuCell(s.cpu())));
        }
        line("");
    }

    private static String cpuCell(Map<String, Double> cpu) {
        return cpu.entrySet().stream().limit(4).map(e -> String.format("%s %.0f%%", e.getKey(), e.getValue()))
                .collect(Collectors.joining(", "));
    }

    private void charts(String prefix) {
        for (Results.Chart chart : r.charts) {
            if (chart.file().startsWith(prefix)) {
                line("![" + chart.caption() + "](" + chartPrefix + chart.file() + ")");
                line("");
            }
        }
    }
}
