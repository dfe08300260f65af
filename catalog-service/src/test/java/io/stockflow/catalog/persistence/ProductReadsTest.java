package io.stockflow.catalog.persistence;

import static io.stockflow.catalog.support.Levels.level;
import static io.stockflow.catalog.support.Levels.newProductId;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.stockflow.catalog.domain.Product;
import io.stockflow.catalog.domain.ProductStock;
import io.stockflow.catalog.domain.StockChange;
import io.stockflow.catalog.domain.StockStatus;
import io.stockflow.catalog.persistence.ProductReads.Snapshot;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.ProtocolVersion;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** Product details and stock read in one round trip, decoded from the replies without databind. */
@QuarkusTest
class ProductReadsTest {

    @Inject
    ProductReads reads;

    @Inject
    ProductCache cache;

    @Inject
    StockStore store;

    @Inject
    RedisPipeline redis;

    @Inject
    Vertx vertx;

    @ConfigProperty(name = "quarkus.redis.hosts")
    String redisUrl;

    private Snapshot read(String... ids) throws Exception {
        return reads.read(List.of(ids)).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void shouldReadCachedProductsAndTheirStockTogether() throws Exception {
        String lamp = newProductId();
        String bag = newProductId();
        String unknown = newProductId();
        Product lampDetails = new Product(lamp, "Desk Lamp", null, new BigDecimal("19.90"), "EUR", null,
                Instant.parse("2026-01-02T03:04:05.123456Z"));
        Product bagDetails = new Product(bag, "Bag \"caf\u00e9\" \ud83d\ude00", "line\nbreak", new BigDecimal("0.00"), "USD",
                "bags", null);
        cache.put(List.of(lampDetails, bagDetails));
        store.apply(List.of(StockChange.snapshot(lamp, List.of(level(lamp, "WH-2", 5, 1, 2), level(lamp, "WH-1", 9, 9, 1)))));

        Snapshot snapshot = read(lamp, bag, unknown);

        assertThat(snapshot.ids()).containsExactly(lamp, bag, unknown);
        assertThat(snapshot.products()).containsExactly(lampDetails, bagDetails, null);
        assertThat(snapshot.cached()).isEqualTo(2);
        assertThat(snapshot.stockJson().get(0)).isNotNull(); // read as the text the apply script keeps
        ProductStock stock = snapshot.stock(0).orElseThrow();
        assertThat(stock.onHand()).isEqualTo(14);
        assertThat(stock.reserved()).isEqualTo(10);
        assertThat(stock.available()).isEqualTo(4);
        assertThat(stock.status()).isEqualTo(StockStatus.LOW_STOCK); // WH-1 has 0 available, under its threshold
        assertThat(stock.warehouses()).containsOnlyKeys("WH-1", "WH-2");
        assertThat(stock.warehouses().keySet()).containsExactly("WH-1", "WH-2"); // id order, not stored order
        assertThat(stock.warehouses().get("WH-2").available()).isEqualTo(4);
        assertThat(stock.updatedAt()).isEqualTo(level(lamp, "WH-2", 5, 1, 2).updatedAt());
        assertThat(snapshot.stock(1)).isEmpty();
        assertThat(snapshot.stock(2)).isEmpty();
        assertThat(snapshot.hasAllStock()).isFalse();
    }

    @Test
    void shouldDecodeABatchOffTheEventLoopAlike() throws Exception {
        String[] ids = new String[ProductReads.DECODE_ON_EVENT_LOOP_MAX + 5];
        Arrays.setAll(ids, i -> newProductId());
        Product first = new Product(ids[0], "First", "one", new BigDecimal("1.50"), "USD", "x", null);
        cache.put(List.of(first));
        store.apply(List.of(StockChange.snapshot(ids[ids.length - 1], List.of())));

        Snapshot snapshot = read(ids);

        assertThat(snapshot.products().get(0)).isEqualTo(first);
        assertThat(snapshot.cached()).isEqualTo(1);
        ProductStock none = snapshot.stock(ids.length - 1).orElseThrow();
        assertThat(none.status()).isEqualTo(StockStatus.OUT_OF_STOCK);
        assertThat(none.warehouses()).isEmpty();
        assertThat(none.updatedAt()).isNull();
    }

    @Test
    void shouldDecodeTheHashOfStockThatHasNoText() throws Exception {
        String old = newProductId();
        String unusual = newProductId();
        String current = newProductId();
        store.apply(List.of(
                StockChange.snapshot(old, List.of(level(old, "WH-2", 5, 1, 2), level(old, "WH-1", 9, 0, 1))),
                StockChange.snapshot(unusual, List.of(level(unusual, "WH \"north\"", 4, 0, 1), level(unusual, "WH-1", 1, 0, 1))),
                StockChange.snapshot(current, List.of(level(current, "WH-1", 3, 0, 1)))));
        // as an apply script before the text left it
        redis.sendOne(Request.cmd(Command.DEL).arg(StockKeys.json(old)));

        Snapshot snapshot = read(old, unusual, current);

        assertThat(snapshot.stockJson().get(0)).isNull();
        assertThat(snapshot.stockJson().get(1)).isNull(); // a warehouse id JSON would escape: no text kept
        assertThat(snapshot.stockJson().get(2)).isNotNull();
        assertThat(snapshot.hasAllStock()).isTrue();
        for (int i = 0; i < 3; i++) {
            String id = snapshot.ids().get(i);
            assertThat(snapshot.stock(i)).as(id).isPresent().isEqualTo(store.read(List.of(id)).get(id));
        }
        assertThat(snapshot.stocks().get(0).orElseThrow().warehouses().keySet()).containsExactly("WH-1", "WH-2");
        assertThat(snapshot.stocks().get(1).orElseThrow().warehouses()).containsKey("WH \"north\"");
    }

    @Test
    void shouldTakeAnUnreadableCachedProductForAMiss() throws Exception {
        String id = newProductId();
        redis.sendOne(Request.cmd(Command.SET).arg(StockKeys.product(id)).arg("{\"productId\":\"" + id + "\",\"price\":"));
        String other = newProductId();
        redis.sendOne(Request.cmd(Command.SET).arg(StockKeys.product(other)).arg("{\"productId\":\"" + other + "\",\"updatedAt\":12}"));

        assertThat(read(id, other).products()).containsExactly(null, null);
    }

    @Test
    void shouldDecodeAStockHashAlikeOverResp2AndResp3() throws Exception {
        String id = newProductId();
        store.apply(List.of(StockChange.snapshot(id, List.of(level(id, "WH-B", 3, 0, 1), level(id, "WH-A", 8, 2, 4)))));
        // the service asks for RESP2 (a flat array); over RESP3 the client answers HGETALL with a map
        Redis resp3 = Redis.createClient(vertx,
                new RedisOptions().setConnectionString(redisUrl).setPreferredProtocolVersion(ProtocolVersion.RESP3));
        try {
            Response map = resp3.send(StockStore.readRequest(id)).toCompletionStage().toCompletableFuture()
                    .get(10, TimeUnit.SECONDS);
            assertThat(map.isMap()).isTrue();
            Optional<ProductStock> overResp3 = StockStore.decode(map);
            assertThat(overResp3).isPresent().isEqualTo(store.read(List.of(id)).get(id));
            assertThat(overResp3.orElseThrow().warehouses().keySet()).containsExactly("WH-A", "WH-B");
        } finally {
            resp3.close();
        }
    }
}
