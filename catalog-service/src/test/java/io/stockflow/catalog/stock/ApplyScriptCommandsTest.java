package io.stockflow.catalog.stock;

import static io.stockflow.catalog.support.Levels.level;
import static io.stockflow.catalog.support.Levels.newProductId;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.stockflow.catalog.domain.StockChange;
import io.stockflow.catalog.persistence.RedisPipeline;
import io.stockflow.catalog.service.StockEventHandler;
import io.stockflow.catalog.service.StockEventHandler.DecodedEvent;
import io.stockflow.catalog.support.Events;
import io.stockflow.catalog.support.RedisCommands;
import io.stockflow.events.LevelState;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * What the stock read model costs Redis, counted as the benchmark counts it ({@link RedisCommands}).
 * Products of 20 levels, as the demo data.
 */
@QuarkusTest
class ApplyScriptCommandsTest {

    private static final int WAREHOUSES = 20;
    private static final int PRODUCTS = 30;
    private static final int EVENTS = 300;

    @Inject
    StockStore store;

    @Inject
    StockEventHandler handler;

    @Inject
    RedisPipeline redis;

    private long commands() {
        return RedisCommands.all(redis);
    }

    @Test
    void shouldApplyAnEventInElevenRedisCommandsAndReReadItsLevelInThree() {
        Random random = new Random(3);
        List<String> products = new ArrayList<>();
        Map<String, LevelState> stored = new HashMap<>();
        List<StockChange> warmUp = new ArrayList<>();
        for (int p = 0; p < PRODUCTS; p++) {
            String product = newProductId();
            products.add(product);
            List<LevelState> levels = new ArrayList<>();
            for (int w = 1; w <= WAREHOUSES; w++) {
                LevelState level = level(product, "WH-%02d".formatted(w), 50, 0, 1);
                levels.add(level);
                stored.put(product + "/" + level.warehouseId(), level);
            }
            warmUp.add(StockChange.snapshot(product, levels));
        }
        store.apply(warmUp);

        // single-level adjustments on random levels, as the benchmark sends them, in consumer-sized batches
        List<DecodedEvent> events = new ArrayList<>();
        List<LevelState> changed = new ArrayList<>();
        for (int e = 0; e < EVENTS; e++) {
            String product = products.get(random.nextInt(PRODUCTS));
            String warehouse = "WH-%02d".formatted(1 + random.nextInt(WAREHOUSES));
            LevelState before = stored.get(product + "/" + warehouse);
            // 1..9 on hand against a threshold of 5: the low-stock flag goes both ways
            LevelState after = level(product, warehouse, 1 + random.nextInt(9), random.nextInt(2), before.version() + 1);
            stored.put(product + "/" + warehouse, after);
            changed.add(after);
            events.add(handler.decode(Events.adjusted(after)));
        }
        long start = commands();
        long levelsWritten = 0;
        for (int from = 0; from < EVENTS; from += 50) {
            levelsWritten += handler.apply(events.subList(from, from + 50));
        }
        long afterEvents = commands();

        // the drift sync's re-read of those changes: snapshots at the versions Redis holds, per product
        List<StockChange> reRead = StockChange.snapshots(changed.stream()
                .map(l -> stored.get(l.productId() + "/" + l.warehouseId())).distinct().toList());
        List<Long> reReadResults = store.apply(reRead);
        long afterReRead = commands();

        // redelivered events: only their marker is looked at
        long redelivered = handler.apply(events.subList(0, 50));
        long afterDuplicates = commands();

        double perEvent = (afterEvents - start) / (double) EVENTS;
        double perReRead = (afterReRead - afterEvents) / (double) reRead.size();
        double perDuplicate = (afterDuplicates - afterReRead) / 50.0;
        System.out.printf("Redis commands: %.2f per event, %.2f per product re-read by the sync, %.2f per duplicate%n",
                perEvent, perReRead, perDuplicate);

        assertThat(levelsWritten).as("every event wrote its level").isEqualTo(EVENTS);
        assertThat(reReadResults).as("the re-read finds every level current").containsOnly(0L);
        assertThat(redelivered).as("levels the redelivered events wrote").isZero();
        // EVALSHA; EXISTS marker, HMGET total (aggregates and the level's w: value), HSET level, SADD or
        // SREM low-stock, SCARD, HSET total (w: value and aggregates), MSET available/status, GET and SET
        // text, SET marker
        assertThat(perEvent).isLessThanOrEqualTo(11.0);
        // EVALSHA; HMGET total; EXISTS text
        assertThat(perReRead).isLessThanOrEqualTo(3.0);
        // EVALSHA; EXISTS marker
        assertThat(perDuplicate).isLessThanOrEqualTo(2.0);
    }
}
