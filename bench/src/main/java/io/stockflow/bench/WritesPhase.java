package io.stockflow.bench;

import io.stockflow.bench.load.ClosedLoop;
import io.stockflow.bench.load.Control;
import io.stockflow.bench.load.LatencyRecorder;
import io.stockflow.bench.load.RateSearch;
import io.stockflow.bench.load.Refusals;
import io.stockflow.bench.load.StepResult;
import io.stockflow.bench.report.Results;
import io.stockflow.bench.sut.Http;
import io.stockflow.bench.sut.JdbcAdjustCeiling;
import java.util.List;
import org.HdrHistogram.Histogram;

/** 1. Single adjustments stepped up beside their JDBC ceiling, then the batch endpoint in a closed loop. */
final class WritesPhase implements Phase {

    /** One control request beside every this many commands of the overload step. */
    private static final int CONTROL_EVERY = 10;

    @Override
    public String name() {
        return "writes";
    }

    @Override
    public boolean writes() {
        return true;
    }

    /**
     * Twice the sustained rate: the warehouse should shed what it cannot take at once (503) and keep
     * the latency of what it accepts, rather than queue everything.
     */
    private static Results.Overload overload(Bench b, StepResult sustained) {
        double rate = 2 * sustained.targetRate();
        Bench.say(String.format("1. overload: single adjustments at twice the sustained rate, %,.0f/s", rate));
        Refusals shed = new Refusals(b.warehouse().adjustOperation(), failure -> status(failure, 503));
        Control control = new Control(shed, b.warehouse().undecodableTargetOperation(), CONTROL_EVERY,
                failure -> status(failure, 400));
        StepResult step = b.search().once("service at 2x", rate, b.config().stepLength(), control);
        Histogram refusals = shed.latencies();
        Histogram controls = control.latencies();
        if (control.unexpected() > 0) {
            System.err.println("    " + control.unexpected() + " control requests were not answered 400");
        }
        return new Results.Overload(sustained, step, shed.count(), LatencyRecorder.ms(refusals.getValueAtPercentile(99)),
                LatencyRecorder.ms(refusals.getMaxValue()), controls.getTotalCount(),
                controls.getTotalCount() == 0 ? Double.NaN : LatencyRecorder.ms(controls.getValueAtPercentile(99)));
    }

    private static boolean status(Throwable failure, int status) {
        return failure instanceof Http.StatusException answer && answer.status() == status;
    }

    @Override
    public void run(Bench b) throws Exception {
        var config = b.config();
        var results = b.results();
        RateSearch search = b.search();
        Bench.say("1. warehouse single adjustments over HTTP, open loop, p99 limit " + config.writeP99Ms() + " ms");
        results.writes = search.search("service", config.writeRates(), config.writeP99Ms(),
                b.warehouse().adjustOperation());
        results.writes.best().ifPresent(sustained -> results.overload = overload(b, sustained));
        Bench.say("1. ceiling: the same transaction over JDBC, " + config.dbConcurrency() + " connections");
        try (JdbcAdjustCeiling ceiling = new JdbcAdjustCeiling(config.warehouseDbUrl(), config.dbUser(),
                config.dbPassword(), config.dbConcurrency(), b.levels())) {
            results.writesCeiling = search.searchFrom(results.writes.bestRate(), "ceiling", config.writeRates(),
                    config.writeP99Ms(), ceiling.operation());
        }
        Bench.say("1. batch adjustments, " + config.batchLines() + " lines per request, " + config.batchConcurrency()
                + " clients");
        results.batchLines = config.batchLines();
        results.batch = ClosedLoop.run("batch", config.batchConcurrency(), config.batchLength(),
                () -> b.warehouse().adjustBatch(b.levels().distinctLevels(config.batchLines())));
        Bench.progress(results.batch);
        b.chartSearch("writes", "Warehouse single adjustments", "Warehouse writes", results.writes,
                results.writesCeiling);
    }
}
