package io.stockflow.bench;

import io.stockflow.bench.load.ClosedLoop;
import io.stockflow.bench.load.RateSearch;
import io.stockflow.bench.load.StepResult;
import io.stockflow.bench.report.Results;
import io.stockflow.bench.sut.JdbcAdjustCeiling;
import java.util.List;

/** 1. Single adjustments stepped up beside their JDBC ceiling, then the batch endpoint in a closed loop. */
final class WritesPhase implements Phase {

    @Override
    public String name() {
        return "writes";
    }

    @Override
    public boolean writes() {
        return true;
    }

    @Override
    public void run(Bench b) throws Exception {
        var config = b.config();
        var results = b.results();
        RateSearch search = b.search();
        Bench.say("1. warehouse single adjustments over HTTP, open loop, p99 limit " + config.writeP99Ms() + " ms");
        results.writes = search.search("service", config.writeRates(), config.writeP99Ms(),
                b.warehouse().adjustOperation());
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
