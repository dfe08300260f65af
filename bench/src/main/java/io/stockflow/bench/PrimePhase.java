package io.stockflow.bench;

import io.stockflow.bench.load.ClosedLoop;
import io.stockflow.bench.load.RateSearch;
import io.stockflow.bench.sut.CatalogApi;
import io.vertx.redis.client.Redis;
import java.time.Duration;
import java.util.List;

/**
 * 0. A JVM compiles its hot paths only after thousands of calls, and on two shared cores the
 * compiler threads compete with the load for a minute or more: without this phase the first
 * steps measure the JIT, not the services. Every endpoint gets moderate, unrecorded load; writes
 * ramp up (50, 100, then 200/s), as a cold warehouse fell hopelessly behind at 200/s from the start
 * (p50 of 6 s) and then primed little but its queues; then a closed loop, as fast as it goes.
 * The harness's own Redis client is primed too.
 */
final class PrimePhase implements Phase {

    /** Clients of the closed-loop write prime (the report's method section names the same number). */
    static final int CLIENTS = 8;

    @Override
    public String name() {
        return "prime";
    }

    @Override
    public boolean writes() {
        return true;
    }

    @Override
    public boolean settlesFirst() {
        return false;
    }

    @Override
    public void run(Bench b) throws Exception {
        var config = b.config();
        var levels = b.levels();
        RateSearch search = new RateSearch(b.loop(), Duration.ZERO, config.primeLength(), Bench::progress, b.cpu());
        Bench.say("0. priming the JIT: " + config.primeLength().toSeconds() + " s of unrecorded load per endpoint");
        Duration third = config.primeLength().dividedBy(3);
        for (double rate : List.of(50.0, 100.0, 200.0)) {
            search.once("prime writes", rate, third, b.warehouse().adjustOperation());
        }
        // C2 compiles a method after ~5,000 calls: the ramp sends 3,500 adjustments, so the write path
        // was still being compiled in the measured steps (C2 at 30% of a core at 100/s). As fast as
        // the warehouse goes, then the batch endpoint the end-to-end phase uses.
        Bench.progress(ClosedLoop.run("prime writes, " + CLIENTS + " clients", CLIENTS, config.primeLength(),
                () -> b.warehouse().adjust(levels.randomLevel())));
        Bench.progress(ClosedLoop.run("prime batches, " + config.batchConcurrency() + " clients",
                config.batchConcurrency(), third, () -> b.warehouse().adjustBatch(levels.distinctLevels(10))));
        search.once("prime bulk", 4, config.primeLength(), b.warehouse().bulkStockOperation(config.bulkIds()));
        if (b.catalogUp()) {
            search.once("prime reads", 2000, config.primeLength(), b.catalog().productOperation());
            search.once("prime batch", 4, config.primeLength(), b.catalog().batchOperation(config.bulkIds()));
        }
        Redis redis = b.rawRedis();
        try (CatalogApi.RawReads raw = new CatalogApi.RawReads(redis, levels)) {
            search.once("prime redis", 2000, third, raw.operation());
        } finally {
            redis.close();
        }
    }
}
