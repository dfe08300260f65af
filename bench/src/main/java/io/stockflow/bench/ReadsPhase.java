package io.stockflow.bench;

import io.stockflow.bench.load.RateSearch;
import io.stockflow.bench.load.StepResult;
import io.stockflow.bench.report.Results;
import io.stockflow.bench.sut.CatalogApi;
import io.vertx.redis.client.Redis;
import java.util.ArrayList;
import java.util.List;

/** 3. Catalog GETs stepped up beside the same Redis commands sent straight to Redis; then 1000-id batches. */
final class ReadsPhase implements Phase {

    @Override
    public String name() {
        return "reads";
    }

    @Override
    public String title() {
        return "catalog reads";
    }

    @Override
    public boolean needsCatalog() {
        return true;
    }

    @Override
    public void run(Bench b) throws Exception {
        var config = b.config();
        var results = b.results();
        RateSearch search = b.search();
        Bench.say("3. catalog GET /v1/products/{id}, open loop, p99 limit " + config.readP99Ms() + " ms");
        results.reads = search.search("catalog", config.readRates(), config.readP99Ms(), b.catalog().productOperation());
        Bench.say("3. ceiling: the same Redis commands, pipelined over one connection per event loop");
        Redis redis = b.rawRedis();
        try (CatalogApi.RawReads raw = new CatalogApi.RawReads(redis, b.levels())) {
            results.readsCeiling = search.searchFrom(results.reads.bestRate(), "redis", config.redisRates(),
                    config.readP99Ms(), raw.operation());
        } finally {
            redis.close();
        }
        Bench.say("3. catalog POST /v1/products/batch, " + config.bulkIds() + " ids");
        results.catalogBatch = search.once("catalog batch", config.bulkRate(), config.bulkLength(),
                b.catalog().batchOperation(config.bulkIds()));
        b.chartSearch("reads", "Catalog reads", "Catalog reads", results.reads, results.readsCeiling,
                results.catalogBatch);
    }
}
