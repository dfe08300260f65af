package io.stockflow.bench.report;

import io.stockflow.bench.load.RateSearch;
import io.stockflow.bench.load.StepResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Everything one run measured; phases that did not run leave their fields null and say why in {@code skipped}. */
public final class Results {

    /** Cold start of the catalog against an emptied Redis. */
    public record Warmup(double secondsToReady, Double warmupMetricSeconds, Double levelsMetric, long redisKeys) {
    }

    public record Chart(String file, String caption) {
    }

    /**
     * Single adjustments at twice the sustained rate: what was accepted (its latency histogram) beside
     * the sustained step, and the commands the warehouse shed with 503, timed from their send.
     */
    /** The cost row the service's PostgreSQL CPU per adjustment is held against (issue 21: within 2x). */
    public static final String MINIMAL_TRANSACTION = "adjustment, minimal transaction (no relay)";

    /**
     * The overload step: its refusals' latency, and that of a control request sent beside every tenth
     * command that the warehouse answers without work (NaN when none was answered as expected).
     */
    public record Overload(StepResult sustained, StepResult step, long shed, double shedP99Ms, double shedMaxMs,
            long controls, double controlP99Ms) {
    }

    /** Reads right after their writes, with the write's consistency token: latency and where they were answered from. */
    public record TokenRead(long reads, double p50Ms, double p99Ms, Map<String, Long> sources) {
    }

    public final Map<String, String> machine = new LinkedHashMap<>();
    public final Map<String, String> settings = new LinkedHashMap<>();
    public final Map<String, String> skipped = new LinkedHashMap<>();
    public final Map<String, Long> peakRssKb = new LinkedHashMap<>();
    /** The JVM options of each process (heap limits explain its RSS). */
    public final Map<String, String> jvmOptions = new LinkedHashMap<>();
    public final List<Chart> charts = new ArrayList<>();
    public final List<String> notes = new ArrayList<>();

    public RateSearch.Outcome writes;
    public RateSearch.Outcome writesCeiling;
    public Overload overload;
    public StepResult batch;
    public int batchLines;

    public StepResult e2eFixed;
    public RateSearch.Outcome e2eSearch;
    public String e2eDetection;

    public RateSearch.Outcome reads;
    public RateSearch.Outcome readsCeiling;
    public StepResult catalogBatch;

    public StepResult warehouseBulk;

    public Warmup warmup;

    /** Cost per operation: one list per run, each measurement in the same order. */
    public final List<List<io.stockflow.bench.cost.Cost>> costRuns = new ArrayList<>();
    /** Cost runs done before those recorded, their figures left out (the systems warming up). */
    public int costUnrecordedRuns;
    /** One per cost run: the reads that presented their write's token. */
    public final List<TokenRead> tokenReads = new ArrayList<>();
    /** Each run's idle baseline: percent of a core each process group used with no load. */
    public final List<Map<String, Double>> costIdle = new ArrayList<>();
    /** An adjustment's cost with the services restarted in one configuration (the variants phase). */
    public record VariantCost(String variant, io.stockflow.bench.cost.Cost cost) {
    }

    /** Single adjustments after restarts with a switch on, and as configured (the variants phase). */
    public final List<VariantCost> variantCosts = new ArrayList<>();
    /** This run's costs beside an earlier run's (empty unless asked for). */
    public final List<io.stockflow.bench.cost.CostComparison.Change> costChanges = new ArrayList<>();
    public String costComparedWith;
    /** Set when the earlier run was on another processor model: why its CPU times are not judged. */
    public String costComparedOn;
    /** What the harness waited for before each phase and measurement. */
    public final List<Settled> settles = new ArrayList<>();
    /** When the run started, UTC, ISO-8601 to the second. */
    public String generated;

    public double runMinutes;
    /** What the harness did about a PostgreSQL without autovacuum, or null. */
    public String vacuumed;
    /** Lines per request of the fixed-rate end-to-end run (1: single adjustments). */
    public int e2eFixedLines = 1;
}
