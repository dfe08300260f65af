package io.stockflow.bench;

import io.stockflow.bench.report.Results;
import java.util.List;

/** 4. The warehouse's bulk stock read of 1000 ids at a fixed rate. */
final class BulkPhase implements Phase {

    @Override
    public String name() {
        return "bulk";
    }

    @Override
    public void run(Bench b) throws Exception {
        var config = b.config();
        var results = b.results();
        Bench.say("4. warehouse POST /v1/batch/stock, " + config.bulkIds() + " ids");
        results.warehouseBulk = b.search().once("warehouse bulk", config.bulkRate(), config.bulkLength(),
                b.warehouse().bulkStockOperation(config.bulkIds()));
        results.charts.add(new Results.Chart(b.charts().stepOverTime("bulk-over-time.png",
                "Warehouse bulk stock (1000 ids): latency per second", results.warehouseBulk),
                "Bulk stock: latency over time"));
        results.charts.add(new Results.Chart(b.charts().distribution("bulk-distribution.png",
                "Bulk stock (1000 ids): latency distribution", List.of(results.warehouseBulk),
                List.of("warehouse /v1/batch/stock")), "Bulk stock: latency distribution"));
    }
}
