package io.stockflow.catalog.service;

import static io.stockflow.catalog.support.Levels.level;
import static io.stockflow.catalog.support.Levels.newProductId;
import static org.assertj.core.api.Assertions.assertThat;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.quarkus.test.junit.QuarkusTest;
import io.stockflow.catalog.domain.StockChange;
import io.stockflow.catalog.domain.StockStatus;
import io.stockflow.catalog.persistence.RedisPipeline;
import io.stockflow.catalog.rest.ProductJson.StockJson;
import io.stockflow.catalog.stock.StockKeys;
import io.stockflow.catalog.stock.StockStore;
import io.stockflow.catalog.support.Events;
import io.stockflow.catalog.support.StockFixture;
import io.stockflow.events.LevelState;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Events applied on real Redis: duplicates, reordering and stale versions change nothing. The stock
 * text itself is pinned at the script's boundary (ApplyScriptTest).
 */
@QuarkusTest
class StockEventHandlerTest {

    @Inject
    StockFixture stock;

    @Inject
    StockStore store;

    @Inject
    RedisPipeline redis;

    @Inject
    StockEventHandler handler;

    private void apply(CloudEvent... events) {
        stock.apply(events);
    }

    private StockJson stock(String productId) {
        return stock.stored(productId).orElseThrow();
    }

    @Test
    void shouldKeepTheTimeAnEventCarriesForItsLag() {
        CloudEvent event = Events.adjusted(level(newProductId(), "WH-1", 1, 0, 1));
        OffsetDateTime time = OffsetDateTime.parse("2026-12-06T07:30:00.123456+01:00");

        assertThat(handler.decode(CloudEventBuilder.v1(event).withTime(time).build()).timeMillis())
                .isEqualTo(Instant.parse("2026-12-06T06:30:00.123Z").toEpochMilli());
        assertThat(handler.decode(CloudEventBuilder.v1(event).withTime(null).build()).timeMillis()).isZero();
    }

    @Test
    void shouldIgnoreARedeliveredEventEvenWhenItsLevelsLookNewer() {
        String product = newProductId();
        UUID id = UUID.randomUUID();
        apply(Events.adjusted(id, level(product, "WH-1", 10, 0, 1)));

        apply(Events.adjusted(id, level(product, "WH-1", 99, 0, 2)));

        assertThat(stock(product).onHand()).isEqualTo(10);
        assertThat(store.level(product, "WH-1").orElseThrow()).containsEntry("version", "1");
    }

    @Test
    void shouldRejectStaleVersionArrivingOutOfOrder() {
        String product = newProductId();
        apply(Events.adjusted(level(product, "WH-1", 30, 5, 3)));

        apply(Events.adjusted(level(product, "WH-1", 20, 0, 2)), Events.adjusted(level(product, "WH-1", 10, 0, 1)));

        StockJson stock = stock(product);
        assertThat(stock.onHand()).isEqualTo(30);
        assertThat(stock.reserved()).isEqualTo(5);
        assertThat(stock.available()).isEqualTo(25);
        assertThat(store.level(product, "WH-1").orElseThrow()).containsEntry("version", "3");
    }

    @Test
    void shouldReachTheSameStateWhateverTheOrderOfEvents() {
        String inOrder = newProductId();
        String reversed = newProductId();
        List<LevelState> history = List.of(level("x", "WH-1", 10, 0, 1), level("x", "WH-1", 4, 1, 2),
                level("x", "WH-2", 7, 0, 1), level("x", "WH-1", 12, 2, 3));
        for (LevelState l : history) {
            apply(Events.adjusted(rename(l, inOrder)));
        }
        for (int i = history.size() - 1; i >= 0; i--) {
            apply(Events.adjusted(rename(history.get(i), reversed)));
        }

        StockJson a = stock(inOrder);
        StockJson b = stock(reversed);
        assertThat(a).usingRecursiveComparison().isEqualTo(b);
        assertThat(a.onHand()).isEqualTo(19);
        assertThat(a.reserved()).isEqualTo(2);
    }

    @Test
    void shouldKeepTotalsEqualToTheSumOfWarehouseLevels() {
        String product = newProductId();
        apply(Events.adjusted(level(product, "WH-1", 10, 2, 1)), Events.adjusted(level(product, "WH-2", 20, 0, 1)));
        apply(Events.transferred(level(product, "WH-1", 4, 2, 2), level(product, "WH-2", 26, 0, 2)));

        StockJson stock = stock(product);
        assertThat(stock.warehouses()).hasSize(2);
        assertThat(stock.onHand()).isEqualTo(stock.warehouses().values().stream().mapToLong(w -> w.onHand()).sum())
                .isEqualTo(30);
        assertThat(stock.reserved()).isEqualTo(2);
        assertThat(stock.available()).isEqualTo(28);
        assertThat(stock.warehouses().get("WH-1").available()).isEqualTo(2);
    }

    @Test
    void shouldKeepTotalsEqualToTheSumOfLevelsThroughALongHistoryWithStaleEvents() {
        String product = newProductId();
        Random random = new Random(42);
        Map<String, LevelState> newest = new HashMap<>();
        for (int i = 0; i < 300; i++) {
            String warehouse = "WH-" + (1 + random.nextInt(5));
            long stored = newest.containsKey(warehouse) ? newest.get(warehouse).version() : 0;
            long version = stored > 1 && random.nextInt(5) == 0 ? stored - 1 : stored + 1; // some arrive stale
            long onHand = random.nextInt(100);
            LevelState change = level(product, warehouse, onHand, random.nextInt((int) onHand + 1), version);
            if (random.nextBoolean()) {
                apply(Events.adjusted(change));
            } else { // two levels in one event: the second warehouse keeps its values, with a newer version
                LevelState other = newest.values().stream().filter(l -> !l.warehouseId().equals(warehouse)).findFirst()
                        .map(l -> level(product, l.warehouseId(), l.onHand(), l.reserved(), l.version() + 1))
                        .orElse(change);
                apply(Events.transferred(change, other));
                newest.merge(other.warehouseId(), other, (a, b) -> b.version() > a.version() ? b : a);
            }
            newest.merge(warehouse, change, (a, b) -> b.version() > a.version() ? b : a);
        }

        StockJson stock = stock(product);
        assertThat(stock.warehouses().keySet()).containsExactlyInAnyOrderElementsOf(newest.keySet());
        assertThat(stock.onHand()).isEqualTo(newest.values().stream().mapToLong(LevelState::onHand).sum());
        assertThat(stock.reserved()).isEqualTo(newest.values().stream().mapToLong(LevelState::reserved).sum());
        assertThat(stock.available()).isEqualTo(stock.onHand() - stock.reserved());
        newest.values().forEach(l -> assertThat(stock.warehouses().get(l.warehouseId()).onHand()).isEqualTo(l.onHand()));
        // the low-stock set follows every level across its threshold, whatever order the changes came in
        assertThat(stock.status()).isEqualTo(stock.available() <= 0 ? StockStatus.OUT_OF_STOCK
                : newest.values().stream().anyMatch(l -> l.available() < l.lowStockThreshold()) ? StockStatus.LOW_STOCK
                : StockStatus.IN_STOCK);
    }

    @Test
    void shouldKeepNewerLevelsWhenTheTotalIsLost() {
        String product = newProductId();
        apply(Events.adjusted(level(product, "WH-1", 10, 0, 5)), Events.adjusted(level(product, "WH-2", 20, 0, 5)));
        redis.sendOne(Request.cmd(Command.DEL).arg(StockKeys.total(product)));

        // a snapshot older for WH-1, newer for WH-2: only WH-2 is written, and the total is built anew from it
        store.apply(List.of(StockChange.snapshot(product, List.of(level(product, "WH-1", 7, 0, 3),
                level(product, "WH-2", 25, 0, 6)))));

        assertThat(redis.sendOne(Request.cmd(Command.HGET).arg(StockKeys.warehouse(product, "WH-1")).arg("version"))
                .toString()).isEqualTo("5");
        StockJson stock = stock(product);
        assertThat(stock.warehouses().keySet()).containsExactly("WH-2");
        assertThat(stock.onHand()).isEqualTo(25);
    }

    @Test
    void shouldCountAWarehouseNamedTwiceInOneSnapshotOnce() {
        String product = newProductId();
        store.apply(List.of(StockChange.snapshot(product, List.of(level(product, "WH-1", 7, 1, 3),
                level(product, "WH-1", 9, 2, 4), level(product, "WH-2", 5, 0, 1)))));

        StockJson stock = stock(product);
        assertThat(stock.onHand()).isEqualTo(14);
        assertThat(stock.reserved()).isEqualTo(2);
        assertThat(stock.warehouses().get("WH-1").onHand()).isEqualTo(9);
    }

    @Test
    void shouldDeriveStatusFromAvailableAndThresholds() {
        String product = newProductId();
        apply(Events.adjusted(level(product, "WH-1", 50, 0, 1)));
        assertThat(stock(product).status()).isEqualTo(StockStatus.IN_STOCK);

        apply(Events.adjusted(level(product, "WH-2", 3, 0, 1))); // below the threshold of 5 there
        assertThat(stock(product).status()).isEqualTo(StockStatus.LOW_STOCK);

        apply(Events.adjusted(level(product, "WH-1", 0, 0, 2)), Events.adjusted(level(product, "WH-2", 2, 2, 2)));
        assertThat(stock(product).status()).isEqualTo(StockStatus.OUT_OF_STOCK);
    }

    private static LevelState rename(LevelState l, String productId) {
        return LevelState.of(productId, l.warehouseId(), l.onHand(), l.reserved(), l.version(), l.lowStockThreshold(),
                l.updatedAt());
    }
}
