package io.stockflow.bench.sut;

import io.stockflow.bench.load.Operation;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Read-your-writes as a client uses it: catalog reads presenting a command's consistency token. A read
 * whose token the catalog already holds costs a decode and a version check; a read right after its
 * write waits for the write's event (or, past the bound, reads the warehouse).
 */
public final class TokenReads {

    /** A level written once, and the token its answer carried. */
    private record Held(String productId, String token) {
    }

    private static final int AT_ONCE = 8;

    private final WarehouseApi warehouse;
    private final CatalogApi catalog;
    private final DemoLevels levels;
    private final List<Held> held = new ArrayList<>();
    private final Recorder readLatencies = new Recorder(3);
    private final Map<String, Long> sources = new TreeMap<>();

    public TokenReads(WarehouseApi warehouse, CatalogApi catalog, DemoLevels levels) {
        this.warehouse = warehouse;
        this.catalog = catalog;
        this.levels = levels;
    }

    /**
     * Writes {@code count} random levels (+1 each), {@value #AT_ONCE} at a time (within what the
     * warehouse admits at once), and keeps their tokens.
     */
    public TokenReads collect(int count) throws Exception {
        for (int sent = 0; sent < count; sent += AT_ONCE) {
            List<Future<Held>> written = new ArrayList<>(AT_ONCE);
            for (int i = sent; i < Math.min(count, sent + AT_ONCE); i++) {
                DemoLevels.Key key = levels.randomLevel();
                written.add(warehouse.adjustForToken(key).map(token -> new Held(key.productId(), token)));
            }
            for (Future<Held> w : written) {
                held.add(w.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS));
            }
        }
        return this;
    }

    /** A product read with the token of a write the catalog has long applied. */
    public Operation heldRead() {
        return callback -> {
            Held h = held.get(ThreadLocalRandom.current().nextInt(held.size()));
            WarehouseApi.complete(catalog.product(h.productId(), h.token()), callback);
        };
    }

    /** +1 on a random level, then at once the product's read with the write's token; the read is timed apart. */
    public Operation writeThenRead() {
        return callback -> {
            DemoLevels.Key key = levels.randomLevel();
            WarehouseApi.complete(warehouse.adjustForToken(key).compose(token -> {
                long sent = System.nanoTime();
                return catalog.product(key.productId(), token).onSuccess(source -> {
                    readLatencies.recordValue(Math.max(0, (System.nanoTime() - sent) / 1000));
                    synchronized (sources) {
                        sources.merge(String.valueOf(source), 1L, Long::sum);
                    }
                });
            }), callback);
        };
    }

    /** The reads' latencies (microseconds) since the last call. */
    public Histogram readLatencies() {
        return readLatencies.getIntervalHistogram();
    }

    /** How often each source ("cache", "warehouse") answered a read after its write, and resets the counts. */
    public Map<String, Long> sources() {
        synchronized (sources) {
            Map<String, Long> copy = new TreeMap<>(sources);
            sources.clear();
            return copy;
        }
    }
}
