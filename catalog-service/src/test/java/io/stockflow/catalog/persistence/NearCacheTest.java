package io.stockflow.catalog.persistence;

import static io.restassured.RestAssured.given;
import static io.stockflow.catalog.support.Levels.level;
import static io.stockflow.catalog.support.Levels.newProductId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.stockflow.catalog.service.StockEventHandler;
import io.stockflow.catalog.stock.StockKeys;
import io.stockflow.catalog.stock.StockReader;
import io.stockflow.catalog.support.Events;
import io.stockflow.catalog.support.Products;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Product reads held in memory stay true to Redis: a key changed by anyone (here a plain Redis
 * connection, as another catalog replica would) takes the product out of the near cache, and a read
 * that a write overtook is not kept.
 */
@QuarkusTest
class NearCacheTest {

    private static final Duration PUSH = Duration.ofSeconds(5);

    @Inject
    NearCache nearCache;

    @Inject
    StockEventHandler handler;

    @Inject
    RedisPipeline redis;

    @Inject
    ProductCache products;

    @Inject
    MeterRegistry registry;

    @BeforeEach
    void trackingConnectionUp() {
        await().atMost(PUSH).until(nearCache::tracking);
    }

    @Test
    void shouldServeAProductFromMemoryUntilAnotherClientChangesItsStock() {
        String id = stockedProduct(10);
        given().get("/v1/products/{id}", id).then().statusCode(200).body("stock.onHand", equalTo(10));
        assertThat(nearCache.get(id)).as("held after a read that found it all in Redis").isNotNull();

        setStockText(id, 10, 77);

        await().atMost(PUSH).until(() -> nearCache.get(id) == null);
        given().get("/v1/products/{id}", id).then().statusCode(200).body("stock.onHand", equalTo(77));
    }

    @Test
    void shouldServeItsOwnWriteAtOnce() {
        String id = stockedProduct(10);
        given().get("/v1/products/{id}", id).then().statusCode(200).body("stock.onHand", equalTo(10));

        handler.apply(List.of(handler.decode(Events.adjusted(level(id, "WH-1", 25, 0, 2)))));

        given().get("/v1/products/{id}", id).then().statusCode(200).body("stock.onHand", equalTo(25));
    }

    @Test
    void shouldNotKeepAReadThatAWriteOvertook() throws Exception {
        String id = stockedProduct(10);
        NearCache.Fill fill = nearCache.fill(id);
        assertThat(fill).as("the tracking connection is up").isNotNull();
        List<Response> replies = read(fill, id);
        assertThat(nearCache.filling(id)).as("the fill's token is in place").isTrue();

        setStockText(id, 10, 3); // lands between the read and its caching
        await().atMost(PUSH).until(() -> !nearCache.filling(id));
        fill.complete(products.decode(replies.get(0)), replies.get(1).toBytes());

        assertThat(nearCache.get(id)).isNull();
        given().get("/v1/products/{id}", id).then().statusCode(200).body("stock.onHand", equalTo(3));
    }

    @Test
    void shouldAnswerEveryReadWithItsOwnProductWhileInvalidationsArrive() throws Exception {
        List<String> ids = IntStream.range(0, 10).mapToObj(i -> stockedProduct(10)).toList();
        double fallbacks = registry.find("catalog.near_cache.fallbacks").counter().count();
        AtomicBoolean writing = new AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(5);
        try {
            // rewrites every key the reads fill from, so invalidations keep arriving while fills wait
            Future<?> writer = pool.submit(() -> {
                while (writing.get()) {
                    ids.forEach(id -> setStockText(id, 10, 10));
                }
            });
            List<Future<List<String>>> readers = new ArrayList<>();
            for (int r = 0; r < 4; r++) {
                readers.add(pool.submit(() -> {
                    List<String> wrong = new ArrayList<>();
                    for (int i = 0; i < 100; i++) {
                        String id = ids.get(i % ids.size());
                        String answered = given().get("/v1/products/{id}", id).then().statusCode(200)
                                .extract().path("productId");
                        if (!id.equals(answered)) {
                            wrong.add(id + " answered as " + answered);
                        }
                    }
                    return wrong;
                }));
            }
            for (Future<List<String>> reader : readers) {
                assertThat(reader.get(60, TimeUnit.SECONDS)).isEmpty();
            }
            writing.set(false);
            writer.get(10, TimeUnit.SECONDS);
        } finally {
            writing.set(false);
            pool.shutdownNow();
        }
        assertThat(invalidations()).as("the writes did invalidate held products").isPositive();
        assertThat(registry.find("catalog.near_cache.fallbacks").counter().count())
                .as("every fill answered over the tracking connection").isEqualTo(fallbacks);
    }

    @Test
    void shouldHoldNothingForAProductThatDoesNotExist() {
        nearCache.size(); // settles pending evictions
        long before = nearCache.size();
        for (int i = 0; i < 20; i++) {
            given().get("/v1/products/{id}", newProductId()).then().statusCode(404);
        }
        assertThat(nearCache.size()).isEqualTo(before);
    }

    private String stockedProduct(long onHand) {
        String id = newProductId();
        Products.create(id, "bags");
        handler.apply(List.of(handler.decode(Events.adjusted(level(id, "WH-1", onHand, 0, 1)))));
        given().get("/v1/products/{id}", id).then().statusCode(200); // details read through into Redis
        // Redis announces that write of the details asynchronously: until a fill is kept, it may yet come
        await().atMost(PUSH).until(() -> {
            NearCache.Fill fill = nearCache.fill(id);
            List<Response> replies = read(fill, id);
            fill.complete(products.decode(replies.get(0)), replies.get(1).toBytes());
            return nearCache.get(id) != null;
        });
        nearCache.evict(id);
        return id;
    }

    private static List<Response> read(NearCache.Fill fill, String id) throws Exception {
        return fill.send(List.of(ProductCache.readRequest(id), StockReader.request(id)))
                .toCompletionStage().toCompletableFuture().get();
    }

    /** Rewrites the stock text over a pool connection, past the catalog's own write path. */
    private void setStockText(String id, long from, long to) {
        String text = redis.sendOne(StockReader.request(id)).toString(StandardCharsets.UTF_8)
                .replace("\"onHand\":" + from + ",", "\"onHand\":" + to + ",");
        redis.sendOne(Request.cmd(Command.SET).arg(StockKeys.json(id)).arg(text));
    }

    private double invalidations() {
        return registry.find("catalog.near_cache.invalidations").counter().count();
    }
}
