package io.stockflow.e2e;

import io.stockflow.testsupport.EmbeddedKafka;
import io.stockflow.testsupport.PostgresDatabase;
import io.stockflow.testsupport.TestKeys;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.sql.DriverManager;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The whole pipeline for end-to-end tests: a real Kafka broker, fresh PostgreSQL databases for this
 * run, Redis database 2 (never the running system's 0) and both packaged services as processes, with
 * authentication on (their default) and the test keys; the catalog calls the warehouse with its
 * service key.
 */
final class StockflowSystem implements AutoCloseable {

    static final String REDIS_URL = System.getenv().getOrDefault("E2E_REDIS_URL", "redis://127.0.0.1:6379/2");
    private static final String PG = "jdbc:postgresql://127.0.0.1:5432/";

    final String run = "e2e_" + ProcessHandle.current().pid();
    final ServiceProcess warehouse;
    final ServiceProcess catalog;

    StockflowSystem() {
        this(Map.of());
    }

    /** With {@code shared} in both services' environment (tracing, say). */
    StockflowSystem(Map<String, String> shared) {
        String kafka = EmbeddedKafka.bootstrapServers();
        PostgresDatabase.createIfMissing(PG + run + "_warehouse");
        PostgresDatabase.createIfMissing(PG + run + "_catalog");
        flushRedis();
        warehouse = new ServiceProcess("warehouse", "warehouse-service", withKeys(Map.of(
                "WAREHOUSE_DB_URL", PG + run + "_warehouse",
                "KAFKA_BOOTSTRAP_SERVERS", kafka,
                "RESERVATION_EXPIRY_INTERVAL", "1s"), shared));
        catalog = new ServiceProcess("catalog", "catalog-service", withKeys(Map.of(
                "CATALOG_DB_URL", PG + run + "_catalog",
                "REDIS_URL", REDIS_URL,
                "KAFKA_BOOTSTRAP_SERVERS", kafka,
                "WAREHOUSE_URL", "http://127.0.0.1:0",
                "WAREHOUSE_API_KEY", TestKeys.SERVICE,
                // off, so that every change the tests see arrived as an event; the repair test runs it
                "CATALOG_SYNC_INTERVAL", "off"), shared));
    }

    private static Map<String, String> withKeys(Map<String, String> env, Map<String, String> shared) {
        Map<String, String> all = new HashMap<>(env);
        all.putAll(TestKeys.environment());
        all.putAll(shared);
        return all;
    }

    void start() throws Exception {
        warehouse.start();
        catalog.envOverride("WAREHOUSE_URL", warehouse.url());
        catalog.start();
    }

    ConsistencyChecker.Report check() {
        try (ConsistencyChecker checker = new ConsistencyChecker(warehouse.url(), TestKeys.SERVICE, REDIS_URL)) {
            return checker.check();
        }
    }

    /** Deletes every stock key of one product from the catalog's Redis, as a lost write would. */
    static long forgetStock(String productId) {
        Vertx vertx = Vertx.vertx();
        try {
            Redis redis = Redis.createClient(vertx, REDIS_URL);
            var keys = redis.send(Request.cmd(Command.KEYS).arg("catalog:stock:{" + productId + "}:*"))
                    .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            long deleted = 0;
            if (keys.size() > 0) {
                Request del = Request.cmd(Command.DEL);
                keys.forEach(key -> del.arg(key.toString()));
                deleted = redis.send(del).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).toLong();
            }
            redis.close();
            return deleted;
        } catch (Exception e) {
            throw new IllegalStateException("Redis at " + REDIS_URL + " not reachable", e);
        } finally {
            vertx.close();
        }
    }

    static void flushRedis() {
        Vertx vertx = Vertx.vertx();
        try {
            Redis redis = Redis.createClient(vertx, REDIS_URL);
            redis.send(Request.cmd(Command.FLUSHDB)).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            redis.close();
        } catch (Exception e) {
            throw new IllegalStateException("Redis at " + REDIS_URL + " not reachable", e);
        } finally {
            vertx.close();
        }
    }

    @Override
    public void close() throws Exception {
        catalog.stop();
        warehouse.stop();
        try (var c = DriverManager.getConnection(PG + "postgres", "postgres", "");
                var s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + run + "_catalog WITH (FORCE)");
            s.execute("DROP DATABASE IF EXISTS " + run + "_warehouse WITH (FORCE)");
        }
    }
}
