package io.stockflow.bench.report;

import io.stockflow.bench.cost.Cost;
import io.stockflow.bench.cost.CostComparison;
import io.stockflow.bench.cost.CostSummary;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** The report's headline: cost per operation across the runs, each figure with its spread. */
final class CostReport {

    private final Results r;
    private final Consumer<String> line;

    CostReport(Results results, Consumer<String> line) {
        this.r = results;
        this.line = line;
    }

    void write() {
        if (r.costRuns.isEmpty()) {
            return;
        }
        CostSummary summary = CostSummary.of(r.costRuns);
        line.accept("## Cost per operation");
        line.accept("");
        line.accept(String.format("CPU time each process used per operation, at a fixed moderate rate, in %d runs of "
                + "every measurement (median, and ± half the range across the runs)%s; the ceilings beside their "
                + "service in the same runs. These are the figures to compare from run to run and day to day: a busy "
                + "host lowers the highest rate a step reaches (second table) far more than what each operation "
                + "costs. `deploy/local/bench.sh --compare <costs.json>` prints each figure beside an earlier run's "
                + "and flags those that grew beyond the two runs' spreads.", r.costRuns.size(), unrecorded(r)));
        line.accept("");
        line.accept("| operation | rate | warehouse | catalog | PostgreSQL | Kafka | Redis | **all** | JIT compilers "
                + "(not in all) | WAL / op | Redis cmds / op | steal |");
        line.accept("|---|---|---|---|---|---|---|---|---|---|---|---|");
        for (CostSummary.Operation op : summary.operations()) {
            List<String> cells = new ArrayList<>();
            cells.add(op.name());
            cells.add(String.format("%,.0f %ss/s", op.rate(), op.unit()));
            for (String g : Cost.SYSTEM) {
                cells.add(ms(op.figures().get("cpu " + g)));
            }
            cells.add("**" + ms(op.figures().get("cpu system")) + "**");
            cells.add(ms(op.figures().get("cpu jit")));
            cells.add(value(op.figures().get("wal bytes"), "%,.0f B"));
            cells.add(value(op.figures().get("redis commands"), "%.2f"));
            cells.add(value(op.figures().get("steal %"), "%.1f%%"));
            line.accept("| " + String.join(" | ", cells) + " |");
        }
        line.accept("");
        line.accept("CPU in milliseconds per operation (`/proc/<pid>/stat`: the services and Kafka by run.sh's PID "
                + "files, the system's PostgreSQL postmaster with its backends and its Redis server by their process "
                + "ids; figures under 0.005 ms are shown as such, their spread is noise), less what each process used idle "
                + "over the same time (" + idle() + "); *all* is their sum, the load "
                + "generator's own CPU left out. The JVMs' JIT compiler threads (the services' and Kafka's C1 and C2 "
                + "threads, `/proc/<pid>/task`) are their own column and not in *all*: compiling is done once after "
                + "a process starts, and on these machines it went on through the first cost runs, so counted with the "
                + "services it made their figures depend on how long they had run. A write's window closes only once "
                + "the outbox is empty and the catalog's consumer has caught up, so the relay's, Kafka's and the catalog's share of each write is counted with "
                + "it, and so is the drift sync's re-read of those changes (run to completion inside the window). WAL: "
                + "`pg_current_wal_lsn()` before and after. Redis commands: `INFO stats` `total_commands_processed` "
                + "(the catalog's applies, reads and syncs). Steal: the hypervisor's share of the machine's ticks "
                + "(`/proc/stat`) during the window.");
        line.accept("");
        ratios(summary);
        tokenReads();
        variants();
        if (!r.costChanges.isEmpty()) {
            line.accept("### Beside " + r.costComparedWith);
            line.accept("");
            if (r.costComparedOn != null) {
                line.accept(r.costComparedOn);
                line.accept("");
            }
            line.accept("| operation | figure | before | now | change | allowed | |");
            line.accept("|---|---|---|---|---|---|---|");
            for (CostComparison.Change c : r.costChanges) {
                line.accept(String.format("| %s | %s | %s | %s | %+.1f%% | +%.0f%% | %s |", c.operation(), c.figure(),
                        CostComparison.format(c.figure(), c.before().median()),
                        CostComparison.format(c.figure(), c.now().median()), 100 * c.growth(), 100 * c.allowed(),
                        c.flagged() ? "**grew**" : c.comparable() ? "ok" : "other CPU"));
            }
            line.accept("");
        }
    }

    /** The idle baselines of the runs, in percent of a core per process. */
    private String idle() {
        if (r.costIdle.isEmpty()) {
            return "not measured";
        }
        java.util.Map<String, List<Double>> byGroup = new java.util.TreeMap<>();
        r.costIdle.forEach(run -> Cost.SYSTEM.forEach(g -> byGroup.computeIfAbsent(g, k -> new ArrayList<>())
                .add(run.getOrDefault(g, 0.0))));
        StringBuilder b = new StringBuilder("idle, in percent of a core: ");
        Cost.SYSTEM.forEach(g -> b.append(g).append(' ').append(byGroup.get(g).stream()
                .map(v -> String.format("%.1f", v)).reduce((x, y) -> x + "/" + y).orElse("")).append(", "));
        return b.substring(0, b.length() - 2) + " in the " + r.costIdle.size() + " runs";
    }

    /** The variants phase: each switch's cost beside the same write with the services as configured. */
    void variants() {
        Cost baseline = r.variantCosts.stream().filter(v -> v.variant().equals("baseline")).map(Results.VariantCost::cost)
                .findFirst().orElse(null);
        if (baseline == null) {
            return;
        }
        line.accept("### What the switches cost");
        line.accept("");
        line.accept("Single adjustments at the same rate after restarting the services with one switch on, and last as "
                + "configured (baseline), each primed alike; one measurement each, so read a difference against the "
                + "spreads of the table above. Rate limiting: `RATE_LIMIT_ENABLED=true`, type `key`, a budget the load "
                + "stays under (issue 16 allows at most +5%). Tracing: `OTEL_EXPORTER_OTLP_ENDPOINT` set, every span "
                + "exported over OTLP/HTTP to a sink of the harness's.");
        line.accept("");
        line.accept("| configuration | warehouse | catalog | **all** | change | Redis cmds / op |");
        line.accept("|---|---|---|---|---|---|");
        double all = baseline.systemCpuMsPerOp();
        for (Results.VariantCost v : r.variantCosts) {
            Cost c = v.cost();
            line.accept(String.format("| %s | %.3f | %.3f | **%.3f** | %s | %.2f |", v.variant(),
                    c.cpuMsPerOp().getOrDefault("warehouse", 0.0), c.cpuMsPerOp().getOrDefault("catalog", 0.0),
                    c.systemCpuMsPerOp(), c == baseline ? "" : String.format("%+.1f%%",
                            all == 0 ? 0 : 100 * (c.systemCpuMsPerOp() - all) / all), c.redisCommandsPerOp()));
        }
        line.accept("");
    }

    /** Read-your-writes: what a read right after its write waited, per run. */
    private void tokenReads() {
        if (r.tokenReads.isEmpty()) {
            return;
        }
        StringBuilder b = new StringBuilder("Reads with a consistency token (issue 20): *catalog GET with a token it "
                + "holds* presents the token of a write applied long before (a decode and a version check on top of a "
                + "plain GET); *adjustment, then a catalog GET with its token* sends the read the moment the write "
                + "answers, so it waits for the write's event (at most `CATALOG_CONSISTENCY_MAX_WAIT`, then reads the "
                + "warehouse), and its cost is the write's plus the read's. Those reads took");
        for (int i = 0; i < r.tokenReads.size(); i++) {
            Results.TokenRead t = r.tokenReads.get(i);
            b.append(String.format("%s p50 %.1f ms, p99 %.1f ms (%,d reads, answered from %s)",
                    i == 0 ? "" : ";", t.p50Ms(), t.p99Ms(), t.reads(), t.sources()));
        }
        line.accept(b.append(" in the ").append(r.tokenReads.size()).append(" runs.").toString());
        line.accept("");
    }

    /** The service beside its ceiling, per process that both use, and beside the minimal transaction. */
    private void ratios(CostSummary summary) {
        var service = summary.operation("adjustment");
        var ceiling = summary.operation("adjustment, JDBC ceiling");
        if (service.isEmpty() || ceiling.isEmpty()) {
            return;
        }
        double pgService = service.get().figures().get("cpu postgres").median();
        double pgCeiling = ceiling.get().figures().get("cpu postgres").median();
        StringBuilder b = new StringBuilder(String.format("PostgreSQL CPU per adjustment: service %.3f ms, its own SQL "
                + "over JDBC %.3f ms (%.2f×); both windows include the relay's passes over the rows written.", pgService,
                pgCeiling, pgCeiling == 0 ? 0 : pgService / pgCeiling));
        summary.operation(Results.MINIMAL_TRANSACTION).map(m -> m.figures().get("cpu postgres").median()).ifPresent(pgMinimal -> b.append(
                String.format(" The minimal transaction (UPDATE the level, INSERT its ledger entry and its outbox row, "
                        + "COMMIT: plain statements on copies of the three tables with their indexes, no relay) %.3f ms: "
                        + "the service spends %.2f× it (issue 21 asks at most 2×).", pgMinimal,
                        pgMinimal == 0 ? 0 : pgService / pgMinimal)));
        line.accept(b.toString());
        line.accept("");
    }

    private static String ms(CostSummary.Spread s) {
        if (s == null || Double.isNaN(s.median()) || s.median() < 0.0005) {
            return "–";
        }
        if (s.median() < 0.005) {
            return "< 0.005";
        }
        return String.format("%.3f ±%.0f%%", s.median(), 100 * s.relative());
    }

    private static String value(CostSummary.Spread s, String format) {
        if (s == null || Double.isNaN(s.median())) {
            return "–";
        }
        String shown = String.format(format, s.median());
        // a spread around a figure that rounds to nothing (a read's WAL: a few bytes of a checkpoint) is noise
        boolean nothing = Math.abs(s.median()) < 1 && format.contains(".0f");
        return shown + (s.runs() > 1 && s.median() != 0 && !nothing
                ? String.format(" ±%.0f%%", 100 * s.relative()) : "");
    }

    /** The settling before each phase and measurement: what the harness waited for, and how long. */
    void settling() {
        if (r.settles.isEmpty()) {
            return;
        }
        line.accept("## Settling");
        line.accept("");
        line.accept("Before each phase and each cost measurement the harness waits until the outbox is empty, the "
                + "catalog's consumer group has no lag on `warehouse.stock`, the catalog's drift sync has caught up "
                + "(`POST /v1/admin/stock/sync` until it reads under 1,000 levels), then runs `CHECKPOINT` and `sync` "
                + "and checks that both services answer a cheap request within 100 ms three times in a row.");
        line.accept("");
        line.accept("| before | outbox | consumer lag | drift sync (levels) | checkpoint, sync, quick answers | |");
        line.accept("|---|---|---|---|---|---|");
        for (Settled s : r.settles) {
            line.accept(String.format("| %s | %.1f s | %.1f s | %.1f s (%,d) | %.1f s | %s |", s.before(),
                    s.outboxSeconds(), s.lagSeconds(), s.syncSeconds(), s.syncLevels(), s.checkpointSeconds(),
                    s.settled() ? "settled" : s.detail()));
        }
        line.accept("");
    }

    private static String unrecorded(Results r) {
        return r.costUnrecordedRuns <= 0 ? "" : String.format(", after %d unrecorded run%s of them all (a freshly "
                + "started service and a freshly loaded database cost more at first, the JIT set apart)",
                r.costUnrecordedRuns, r.costUnrecordedRuns == 1 ? "" : "s");
    }

    /** The plain-text headline for the console. */
    static String summary(Results r) {
        if (r.costRuns.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder(String.format("cost per operation, ms of CPU (median ± spread of %d runs)%n",
                r.costRuns.size()));
        for (CostSummary.Operation op : CostSummary.of(r.costRuns).operations()) {
            out.append(String.format("  %-42s all %s  warehouse %s  catalog %s  postgres %s  kafka %s  redis %s%n",
                    op.name(), ms(op.figures().get("cpu system")), ms(op.figures().get("cpu warehouse")),
                    ms(op.figures().get("cpu catalog")), ms(op.figures().get("cpu postgres")),
                    ms(op.figures().get("cpu kafka")), ms(op.figures().get("cpu redis"))));
        }
        return out.append('\n').toString();
    }
}
