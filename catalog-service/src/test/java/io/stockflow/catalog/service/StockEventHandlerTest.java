package io.stockflow.catalog.service;

import static io.stockflow.catalog.support.Levels.level;
import static io.stockflow.catalog.support.Levels.newProductId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cloudevents.CloudEvent;
import io.quarkus.test.junit.QuarkusTest;
import io.stockflow.catalog.domain.Product;
import io.stockflow.catalog.domain.ProductStock;
import io.stockflow.catalog.domain.StockChange;
import io.stockflow.catalog.domain.StockStatus;
import io.stockflow.catalog.persistence.RedisPipeline;
import io.stockflow.catalog.persistence.StockKeys;
import io.stockflow.catalog.persistence.StockStore;
import io.stockflow.catalog.rest.ProductJsonWriter;
import io.stockflow.catalog.service.ProductQueryService.ProductView;
import io.stockflow.catalog.support.Events;
import io.stockflow.events.LevelState;
import io.stockflow.events.StockEvents;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The apply script on real Redis: duplicates, reordering and stale versions change nothing, and the stock
 * text it keeps is what Java writes of the stock it decodes from the hash.
 */
@QuarkusTest
class StockEventHandlerTest {

    @Inject
    StockEventHandler handler;

    @Inject
    StockStore store;

    @Inject
    RedisPipeline redis;

    @Inject
    ObjectMapper mapper;

    private void apply(CloudEvent... events) {
        handler.apply(List.of(events).stream().map(handler::decode).toList());
    }

    private ProductStock stock(String productId) {
        return store.read(List.of(productId)).get(productId).orElseThrow();
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

        ProductStock stock = stock(product);
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

        ProductStock a = stock(inOrder);
        ProductStock b = stock(reversed);
        assertThat(a).usingRecursiveComparison().isEqualTo(b);
        assertThat(a.onHand()).isEqualTo(19);
        assertThat(a.reserved()).isEqualTo(2);
    }

    @Test
    void shouldKeepTotalsEqualToTheSumOfWarehouseLevels() {
        String product = newProductId();
        apply(Events.adjusted(level(product, "WH-1", 10, 2, 1)), Events.adjusted(level(product, "WH-2", 20, 0, 1)));
        apply(Events.transferred(level(product, "WH-1", 4, 2, 2), level(product, "WH-2", 26, 0, 2)));

        ProductStock stock = stock(product);
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

        ProductStock stock = stock(product);
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
        ProductStock stock = stock(product);
        assertThat(stock.warehouses().keySet()).containsExactly("WH-2");
        assertThat(stock.onHand()).isEqualTo(25);
    }

    @Test
    void shouldCountAWarehouseNamedTwiceInOneSnapshotOnce() {
        String product = newProductId();
        store.apply(List.of(StockChange.snapshot(product, List.of(level(product, "WH-1", 7, 1, 3),
                level(product, "WH-1", 9, 2, 4), level(product, "WH-2", 5, 0, 1)))));

        ProductStock stock = stock(product);
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

    /** The stock text the apply script keeps for a product, or null when it keeps none. */
    private String storedJson(String productId) {
        Response reply = redis.sendOne(StockStore.jsonRequest(productId));
        return reply == null ? null : reply.toString();
    }

    /** What the response writer (its StockText) makes of the stock Java decodes from the product's total hash. */
    private String javaText(String productId) throws IOException {
        ProductView view = new ProductView(new Product("P", "n", null, BigDecimal.ONE, "EUR", null, null), stock(productId));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new ProductJsonWriter(mapper).writeTo(new ProductJsonWriter.One(view), null, null, null, null, null, out);
        String product = out.toString(StandardCharsets.UTF_8);
        String stockField = ",\"stock\":";
        return product.substring(product.indexOf(stockField) + stockField.length(), product.length() - 1);
    }

    private static LevelState randomLevel(Random random, String productId, String warehouseId, long version, long step) {
        long onHand = random.nextInt(4) == 0 ? random.nextLong(1_000_000_000_000L) : random.nextInt(100);
        long reserved = random.nextInt((int) Math.min(onHand, 100) + 20); // at times more than on hand
        Instant updatedAt = switch (random.nextInt(4)) {
            case 0 -> null; // sent as 0
            case 1 -> Instant.ofEpochSecond(1_700_000_000L + step * 61); // whole seconds: no fraction
            default -> Instant.ofEpochMilli(1_700_000_000_000L + step * 61_000 + random.nextInt(1000));
        };
        return LevelState.of(productId, warehouseId, onHand, reserved, version, random.nextInt(30), updatedAt);
    }

    @Test
    void shouldKeepTheStockTextEqualToWhatJavaWritesOfTheHashThroughALongHistory() throws IOException {
        String product = newProductId();
        Random random = new Random(7);
        // byte order, not a locale's collation (case, punctuation); ids past 8 bytes differ only in their tail
        List<String> warehouses = List.of("WH-1", "WH-2", "WH-10", "wh-3", "B", "a", "WH_4", "WH 5", "~x",
                "warehouse-east-1", "warehouse-east-2", "warehouse-eas");
        Map<String, LevelState> newest = new HashMap<>();
        for (int step = 0; step < 400; step++) {
            if (random.nextInt(12) == 0) {
                // a text lost, or never written by an older script: the next apply, stale or not, renders it
                redis.sendOne(Request.cmd(Command.DEL).arg(StockKeys.json(product)));
            }
            List<LevelState> levels = new ArrayList<>();
            int count = random.nextInt(4) == 0 ? 2 + random.nextInt(3) : 1;
            for (int l = 0; l < count; l++) {
                String warehouse = warehouses.get(random.nextInt(warehouses.size()));
                long stored = newest.containsKey(warehouse) ? newest.get(warehouse).version() : 0;
                long version = stored > 1 && random.nextInt(5) == 0 ? stored - 1 : stored + 1; // some arrive stale
                LevelState level = randomLevel(random, product, warehouse, version, step);
                levels.add(level);
                newest.merge(warehouse, level, (a, b) -> b.version() > a.version() ? b : a);
            }
            String eventId = random.nextInt(8) == 0 ? null : UUID.randomUUID().toString(); // null: a snapshot
            store.apply(List.of(new StockChange(product, eventId, levels)));

            assertThat(storedJson(product)).as("after change %d: %s", step, levels).isEqualTo(javaText(product));
        }
        ProductStock stock = stock(product);
        assertThat(stock.warehouses().keySet()).containsExactlyInAnyOrderElementsOf(newest.keySet());
        // events that name a warehouse twice included: totals still move by what was really applied
        assertThat(stock.onHand()).isEqualTo(newest.values().stream().mapToLong(LevelState::onHand).sum());
        assertThat(stock.reserved()).isEqualTo(newest.values().stream().mapToLong(LevelState::reserved).sum());
    }

    @Test
    void shouldLeaveTheTimeOutOfTheStockTextWhenNoLevelHasOne() throws IOException {
        String product = newProductId();
        store.apply(List.of(StockChange.snapshot(product, List.of(
                LevelState.of(product, "WH-1", 4, 1, 1, 5, null), LevelState.of(product, "WH-2", 0, 0, 1, 5, null)))));

        assertThat(stock(product).updatedAt()).isNull();
        assertThat(storedJson(product)).doesNotContain("updatedAt").isEqualTo(javaText(product));
    }

    @Test
    void shouldWriteTheTimeInTheStockTextAsInstantDoes() throws IOException {
        List<Long> millis = new ArrayList<>(List.of(1L, 999L, 1_000L, 59_999L, 86_399_999L, 86_400_000L,
                951_782_400_000L, 951_868_799_999L, 4_107_542_399_999L, 4_107_542_400_000L, 1_735_689_599_999L,
                1_735_689_600_000L, 1_709_251_199_990L, 253_402_300_799_999L, 253_402_300_800_000L));
        Random random = new Random(11);
        for (int i = 0; i < 300; i++) {
            millis.add(random.nextLong(1, 8_000_000_000_000L));
        }
        Map<String, Long> products = new LinkedHashMap<>();
        List<StockChange> changes = new ArrayList<>();
        for (long ms : millis) {
            String product = newProductId();
            products.put(product, ms);
            changes.add(StockChange.snapshot(product,
                    List.of(LevelState.of(product, "WH-1", 3, 0, 1, 5, Instant.ofEpochMilli(ms)))));
        }
        store.apply(changes);

        for (Map.Entry<String, Long> product : products.entrySet()) {
            assertThat(storedJson(product.getKey())).as("%d ms", product.getValue())
                    .endsWith(",\"updatedAt\":\"" + Instant.ofEpochMilli(product.getValue()) + "\"}")
                    .isEqualTo(javaText(product.getKey()));
        }
    }

    @Test
    void shouldKeepNoStockTextWhileAWarehouseIdIsNotPlainAscii() throws IOException {
        String product = newProductId();
        apply(Events.adjusted(level(product, "WH-1", 10, 0, 1)));
        assertThat(storedJson(product)).isEqualTo(javaText(product));

        // such ids can no longer arrive (events and the warehouse share one id rule), but data written
        // before the rule may hold them: the store still copes
        for (String unusual : List.of("WH/2", "WH \"north\"", "caf\u00e9", "back\\slash", "tab\t")) {
            assertThatThrownBy(() -> handler.decode(Events.adjusted(level(product, unusual, 3, 0, 1))))
                    .as(unusual).isInstanceOf(StockEvents.MalformedEventException.class);
            store.apply(List.of(new StockChange(product, UUID.randomUUID().toString(), List.of(level(product, unusual, 3, 0, 1)))));
            assertThat(storedJson(product)).as(unusual).isNull();
        }
        apply(Events.adjusted(level(product, "WH-1", 7, 1, 2)));

        assertThat(storedJson(product)).isNull();
        assertThat(stock(product).onHand()).isEqualTo(7 + 5 * 3);
        assertThat(stock(product).warehouses()).containsKeys("WH/2", "caf\u00e9");
    }

    private static LevelState rename(LevelState l, String productId) {
        return LevelState.of(productId, l.warehouseId(), l.onHand(), l.reserved(), l.version(), l.lowStockThreshold(),
                l.updatedAt());
    }
}
