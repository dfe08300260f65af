package io.stockflow.catalog.persistence;

import static io.stockflow.catalog.support.Levels.level;
import static io.stockflow.catalog.support.Levels.newProductId;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.stockflow.catalog.domain.Product;
import io.stockflow.catalog.domain.StockChange;
import io.stockflow.catalog.domain.StockStatus;
import io.stockflow.catalog.persistence.ProductReads.Snapshot;
import io.stockflow.catalog.rest.ProductJson.StockJson;
import io.stockflow.catalog.stock.StockKeys;
import io.stockflow.catalog.stock.StockReader;
import io.stockflow.catalog.stock.StockStore;
import io.stockflow.catalog.support.Stocks;
import io.stockflow.testsupport.RedisTestServer;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.ProtocolVersion;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisClientType;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** Product details and stock read in one round trip: details decoded without databind, stock as its stored text. */
@QuarkusTest
class ProductReadsTest {

    @Inject
    ProductReads reads;

    @Inject
    ProductCache cache;

    @Inject
    StockStore store;

    @Inject
    StockReader reader;

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
        StockJson stock = Stocks.parse(snapshot.stock().get(0)); // the text the apply script keeps
        assertThat(stock.onHand()).isEqualTo(14);
        assertThat(stock.reserved()).isEqualTo(10);
        assertThat(stock.available()).isEqualTo(4);
        assertThat(stock.status()).isEqualTo(StockStatus.LOW_STOCK); // WH-1 has 0 available, under its threshold
        assertThat(stock.warehouses()).containsOnlyKeys("WH-1", "WH-2");
        assertThat(stock.warehouses().keySet()).containsExactly("WH-1", "WH-2"); // id order, not stored order
        assertThat(stock.warehouses().get("WH-2").available()).isEqualTo(4);
        assertThat(stock.updatedAt()).isEqualTo(level(lamp, "WH-2", 5, 1, 2).updatedAt());
        assertThat(snapshot.stock().get(1)).isNull();
        assertThat(snapshot.stock().get(2)).isNull();
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
        StockJson none = Stocks.parse(snapshot.stock().get(ids.length - 1));
        assertThat(none.status()).isEqualTo(StockStatus.OUT_OF_STOCK);
        assertThat(none.warehouses()).isEmpty();
        assertThat(none.updatedAt()).isNull();
    }

    @Test
    void shouldTakeStockWithoutItsTextForStockRedisLacks() throws Exception {
        String lost = newProductId();
        String current = newProductId();
        store.apply(List.of(
                StockChange.snapshot(lost, List.of(level(lost, "WH-2", 5, 1, 2), level(lost, "WH-1", 9, 0, 1))),
                StockChange.snapshot(current, List.of(level(current, "WH-1", 3, 0, 1)))));
        // a text lost, or never written (an older script): one form only, so the product reads it through
        redis.sendOne(Request.cmd(Command.DEL).arg(StockKeys.json(lost)));

        Snapshot snapshot = read(lost, current);

        assertThat(snapshot.stock().get(0)).isNull();
        assertThat(snapshot.stock().get(1)).isEqualTo(reader.read(List.of(current)).get(current));
        assertThat(snapshot.hasAllStock()).isFalse();
        // any apply renders it again, from the levels Redis holds, whatever it changes
        store.apply(List.of(StockChange.snapshot(lost, List.of(level(lost, "WH-1", 9, 0, 1)))));
        StockJson rebuilt = Stocks.parse(read(lost).stock().get(0));
        assertThat(rebuilt.warehouses().keySet()).containsExactly("WH-1", "WH-2");
        assertThat(rebuilt.onHand()).isEqualTo(14);
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
    void shouldReadTheSameStockTextOverResp2AndResp3() throws Exception {
        String id = newProductId();
        store.apply(List.of(StockChange.snapshot(id, List.of(level(id, "WH-B", 3, 0, 1), level(id, "WH-A", 8, 2, 4)))));
        // the service asks for RESP2; a string reads the same over RESP3
        RedisOptions options = new RedisOptions().setPreferredProtocolVersion(ProtocolVersion.RESP3);
        if (RedisTestServer.cluster()) {
            options.setType(RedisClientType.CLUSTER).setEndpoints(List.of(redisUrl.split(",")));
        } else {
            options.setConnectionString(redisUrl);
        }
        Redis resp3 = Redis.createClient(vertx, options);
        try {
            Response text = resp3.send(StockReader.request(id)).toCompletionStage().toCompletableFuture()
                    .get(10, TimeUnit.SECONDS);
            assertThat(StockReader.text(text)).isEqualTo(reader.read(List.of(id)).get(id));
            assertThat(Stocks.parse(StockReader.text(text)).warehouses().keySet()).containsExactly("WH-A", "WH-B");
        } finally {
            resp3.close();
        }
    }
}
