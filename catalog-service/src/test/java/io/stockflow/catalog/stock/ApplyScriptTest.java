package io.stockflow.catalog.stock;

import static io.stockflow.catalog.support.Levels.level;
import static io.stockflow.catalog.support.Levels.newProductId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.stockflow.catalog.domain.StockChange;
import io.stockflow.catalog.domain.StockStatus;
import io.stockflow.catalog.persistence.RedisPipeline;
import io.stockflow.catalog.rest.ProductJson.StockJson;
import io.stockflow.catalog.rest.ProductJson.WarehouseJson;
import io.stockflow.catalog.service.StockEventHandler;
import io.stockflow.catalog.support.Events;
import io.stockflow.events.LevelState;
import io.stockflow.events.StockEvents;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * apply-levels.lua at its boundary, on real Redis: the stock text it renders (and patches) is, byte for
 * byte, what databind writes of the contract's shape ({@link StockJson}, with the application's mapper)
 * for the levels a model of the history says are newest; stock of an older layout is rebuilt.
 */
@QuarkusTest
class ApplyScriptTest {

    @Inject
    StockStore store;

    @Inject
    StockReader reader;

    @Inject
    StockEventHandler handler;

    @Inject
    RedisPipeline redis;

    @Inject
    ObjectMapper mapper;

    /** What Redis should hold of one product: the newest written level per warehouse, the latest time written. */
    private static final class Model {
        final Map<String, LevelState> newest = new TreeMap<>(); // String.compareTo: the order clients see
        long latestMillis;

        /** As the script: a level is written when its version is newer than the stored one. */
        void apply(List<LevelState> levels) {
            for (LevelState level : levels) {
                LevelState stored = newest.get(level.warehouseId());
                if (stored == null || level.version() > stored.version()) {
                    newest.put(level.warehouseId(), level);
                    if (level.updatedAt() != null) {
                        latestMillis = Math.max(latestMillis, level.updatedAt().toEpochMilli());
                    }
                }
            }
        }

        StockJson expected() {
            long onHand = 0;
            long reserved = 0;
            long available = 0;
            long incoming = 0;
            Instant soonest = null;
            boolean low = false;
            Map<String, WarehouseJson> warehouses = new LinkedHashMap<>();
            for (LevelState level : newest.values()) {
                onHand += level.onHand();
                reserved += level.reserved();
                available += level.available();
                incoming += level.incoming();
                Instant next = millis(level.nextIncomingAt());
                soonest = next != null && (soonest == null || next.isBefore(soonest)) ? next : soonest;
                low |= level.available() < level.lowStockThreshold();
                warehouses.put(level.warehouseId(), new WarehouseJson(level.onHand(), level.reserved(), level.available(),
                        level.incoming(), next));
            }
            StockStatus status = available <= 0 ? StockStatus.OUT_OF_STOCK : low ? StockStatus.LOW_STOCK : StockStatus.IN_STOCK;
            return new StockJson(onHand, reserved, available, status, warehouses, incoming,
                    available <= 0 ? soonest : null, latestMillis == 0 ? null : Instant.ofEpochMilli(latestMillis));
        }

        /** Times go to Redis in milliseconds. */
        private static Instant millis(Instant at) {
            return at == null ? null : Instant.ofEpochMilli(at.toEpochMilli());
        }
    }

    /** The stock text the script keeps for a product, or null when it keeps none. */
    private String storedText(String productId) {
        Response reply = redis.sendOne(StockReader.request(productId));
        return reply == null ? null : reply.toString(StandardCharsets.UTF_8);
    }

    private String databind(StockJson stock) throws JsonProcessingException {
        return mapper.writeValueAsString(stock);
    }

    private static LevelState randomLevel(Random random, String productId, String warehouseId, long version, long step) {
        long onHand = random.nextInt(4) == 0 ? random.nextLong(1_000_000_000_000L) : random.nextInt(100);
        long reserved = random.nextInt((int) Math.min(onHand, 100) + 20); // at times more than on hand
        Instant updatedAt = switch (random.nextInt(4)) {
            case 0 -> null; // sent as 0
            case 1 -> Instant.ofEpochSecond(1_700_000_000L + step * 61); // whole seconds: no fraction
            default -> Instant.ofEpochMilli(1_700_000_000_000L + step * 61_000 + random.nextInt(1000));
        };
        long safetyStock = random.nextInt(3) == 0 ? random.nextInt(50) : 0;
        long incoming = random.nextInt(3) == 0 ? random.nextInt(500) : 0;
        Instant nextIncomingAt = incoming == 0 ? null : random.nextBoolean()
                ? Instant.ofEpochSecond(1_800_000_000L + random.nextInt(1_000_000))
                : Instant.ofEpochMilli(1_800_000_000_000L + random.nextInt(1_000_000_000)).plusNanos(999);
        return LevelState.of(productId, warehouseId, onHand, reserved, version, random.nextInt(30), updatedAt,
                safetyStock, incoming, nextIncomingAt);
    }

    @Test
    void shouldKeepTheStockTextEqualToDatabindOfTheNewestLevelsThroughALongHistory() throws Exception {
        String product = newProductId();
        Random random = new Random(7);
        // byte order, not a locale's collation (case, punctuation); ids past 8 bytes differ only in their tail
        List<String> warehouses = List.of("WH-1", "WH-2", "WH-10", "wh-3", "B", "a", "WH_4", "WH:5", "0x",
                "warehouse-east-1", "warehouse-east-2", "warehouse-eas", "WH.6");
        Model model = new Model();
        for (int step = 0; step < 400; step++) {
            if (random.nextInt(12) == 0) {
                // a text lost: the next apply, stale or not, renders it
                redis.sendOne(Request.cmd(Command.DEL).arg(StockKeys.json(product)));
            }
            List<LevelState> levels = new ArrayList<>();
            int count = random.nextInt(4) == 0 ? 2 + random.nextInt(3) : 1;
            for (int l = 0; l < count; l++) {
                String warehouse = warehouses.get(random.nextInt(warehouses.size()));
                LevelState stored = model.newest.get(warehouse);
                long version = stored == null ? 1 : random.nextInt(5) == 0 ? stored.version() - 1 : stored.version() + 1;
                levels.add(randomLevel(random, product, warehouse, Math.max(1, version), step)); // some arrive stale
            }
            String eventId = random.nextInt(8) == 0 ? null : UUID.randomUUID().toString(); // null: a snapshot
            store.apply(List.of(new StockChange(product, eventId, levels)));
            model.apply(levels);

            String text = storedText(product);
            assertThat(text).as("after change %d: %s", step, levels).isEqualTo(databind(model.expected()));
            assertThat(StockReader.inStock(text.getBytes(StandardCharsets.US_ASCII)))
                    .isEqualTo(model.expected().status() != StockStatus.OUT_OF_STOCK);
        }
    }

    @Test
    void shouldLeaveTheTimeOutOfTheStockTextWhenNoLevelHasOne() throws Exception {
        String product = newProductId();
        List<LevelState> levels = List.of(LevelState.of(product, "WH-1", 4, 1, 1, 5, null),
                LevelState.of(product, "WH-2", 0, 0, 1, 5, null));
        store.apply(List.of(StockChange.snapshot(product, levels)));
        Model model = new Model();
        model.apply(levels);

        assertThat(storedText(product)).doesNotContain("updatedAt").isEqualTo(databind(model.expected()));
    }

    @Test
    void shouldWriteTheTimeInTheStockTextAsInstantDoes() {
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
            // sub-millisecond digits are not kept: the text has the level's time in milliseconds
            changes.add(StockChange.snapshot(product,
                    List.of(LevelState.of(product, "WH-1", 3, 0, 1, 5, Instant.ofEpochMilli(ms).plusNanos(999)))));
        }
        store.apply(changes);

        for (Map.Entry<String, Long> product : products.entrySet()) {
            assertThat(storedText(product.getKey())).as("%d ms", product.getValue())
                    .endsWith(",\"updatedAt\":\"" + Instant.ofEpochMilli(product.getValue()) + "\"}");
        }
    }

    @Test
    void shouldRefuseWarehouseIdsJsonWouldEscapeWhereStockEnters() throws Exception {
        String product = newProductId();
        handler.apply(List.of(handler.decode(Events.adjusted(level(product, "WH-1", 10, 0, 1)))));

        // the text holds ids as they are: an id JSON would escape never reaches the script
        for (String unusual : List.of("WH/2", "WH \"north\"", "caf\u00e9", "back\\slash", "tab\t", "{x}")) {
            assertThatThrownBy(() -> handler.decode(Events.adjusted(level(product, unusual, 3, 0, 1))))
                    .as(unusual).isInstanceOf(StockEvents.MalformedEventException.class);
            assertThatThrownBy(() -> StockChange.snapshot(product, List.of(level(product, unusual, 3, 0, 1))))
                    .as(unusual).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> StockChange.snapshot("SKU \"x\"", List.of()))
                .isInstanceOf(IllegalArgumentException.class);

        Model model = new Model();
        model.apply(List.of(level(product, "WH-1", 10, 0, 1)));
        assertThat(storedText(product)).isEqualTo(databind(model.expected()));
    }

    /** Stock as the catalog stored it before the layout mark: the total hash without it, levels, no text. */
    private void storeAnOlderLayout(String product, LevelState... levels) {
        Request total = Request.cmd(Command.HSET).arg(StockKeys.total(product));
        long onHand = 0;
        long reserved = 0;
        for (LevelState level : levels) {
            onHand += level.onHand();
            reserved += level.reserved();
            total.arg(StockKeys.levelField(level.warehouseId())).arg(level.onHand() + ":" + level.reserved() + ":" + level.version()
                    + ":" + level.lowStockThreshold() + ":" + level.updatedAt().toEpochMilli());
            redis.sendOne(Request.cmd(Command.HSET).arg(StockKeys.warehouse(product, level.warehouseId()))
                    .arg("onHand").arg(level.onHand()).arg("reserved").arg(level.reserved())
                    .arg("available").arg(level.available()).arg("version").arg(level.version())
                    .arg("lowStockThreshold").arg(level.lowStockThreshold())
                    .arg("updatedAt").arg(level.updatedAt().toEpochMilli()));
        }
        redis.sendOne(total.arg("onHand").arg(onHand).arg("reserved").arg(reserved).arg("available")
                .arg(onHand - reserved).arg("status").arg("in_stock").arg("updatedAt").arg(0));
    }

    @Test
    void shouldRebuildStockOfAnOlderLayoutFromTheWarmUpsSnapshot() throws Exception {
        String product = newProductId();
        List<LevelState> levels = List.of(level(product, "WH-1", 10, 2, 3), level(product, "WH-2", 4, 0, 7));
        storeAnOlderLayout(product, levels.get(0), levels.get(1), level(product, "WH-GONE", 99, 0, 1));
        assertThat(reader.read(List.of(product)).get(product)).as("no text: read through, never read from the hash")
                .isNull();

        // the warm-up's snapshot holds every level, at the versions Redis holds already
        store.apply(List.of(StockChange.snapshot(product, levels)));

        Model model = new Model();
        model.apply(levels);
        assertThat(storedText(product)).isEqualTo(databind(model.expected()));
        assertThat(redis.sendOne(Request.cmd(Command.HGET).arg(StockKeys.total(product)).arg("w:WH-GONE"))).isNull();
    }

    @Test
    void shouldCompleteStockRebuiltFromAnEventWhenTheSnapshotComes() throws Exception {
        String product = newProductId();
        storeAnOlderLayout(product, level(product, "WH-1", 10, 2, 3), level(product, "WH-2", 4, 0, 7));

        // an event first: the rebuilt aggregates hold its level only
        handler.apply(List.of(handler.decode(Events.adjusted(level(product, "WH-1", 12, 2, 4)))));
        assertThat(storedText(product)).doesNotContain("WH-2");

        // the next snapshot adds the level it lacks, at the version its hash holds
        List<LevelState> snapshot = List.of(level(product, "WH-1", 12, 2, 4), level(product, "WH-2", 4, 0, 7));
        store.apply(List.of(StockChange.snapshot(product, snapshot)));

        Model model = new Model();
        model.apply(snapshot);
        assertThat(storedText(product)).isEqualTo(databind(model.expected()));
    }
}
