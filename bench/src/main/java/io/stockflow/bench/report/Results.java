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

    public double runMinutes;
    /** What the harness did about a PostgreSQL without autovacuum, or null. */
    public String vacuumed;
    /** Lines per request of the fixed-rate end-to-end run (1: single adjustments). */
    public int e2eFixedLines = 1;
}
