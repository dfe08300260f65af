package io.stockflow.bench;

import io.stockflow.bench.report.Settled;
import io.stockflow.bench.sut.Http;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Brings the system to rest before a phase measures it, so no phase pays for the one before: the
 * outbox drained, the catalog's consumer caught up with the topic (lag 0), the drift sync caught up,
 * a checkpoint and a {@code sync} so no dirty pages are written back during the next phase, and each
 * service answering a cheap request quickly. Each call says what it waited for and how long.
 */
final class Settle implements AutoCloseable {

    /** Outbox rows and consumer lag still left when a wait gave up; -1 where it could not be read (not waited for). */
    record Backlog(long outbox, long lag) {
        boolean empty() {
            return outbox <= 0 && lag <= 0;
        }

        boolean known() {
            return outbox >= 0 && lag >= 0;
        }
    }

    private static final Pattern BACKLOG = Pattern.compile("(?m)^outbox_backlog(?:\\{[^}]*})? (\\S+)");

    private final BenchConfig config;
    private final Vertx vertx;
    private final Http warehouse;
    private final Http catalog;
    /** The warehouse's management interface: its metrics carry the outbox backlog. */
    private final Http warehouseManagement;
    private final Supplier<Connection> warehouseDb;
    private final Admin kafka;
    private final List<Settled> reports = new ArrayList<>();

    Settle(BenchConfig config, Vertx vertx, Http warehouse, Http catalog, Http warehouseManagement,
            Supplier<Connection> warehouseDb) {
        this.warehouseManagement = warehouseManagement;
        this.config = config;
        this.vertx = vertx;
        this.warehouse = warehouse;
        this.catalog = catalog;
        this.warehouseDb = warehouseDb;
        this.kafka = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafkaBootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000));
    }

    List<Settled> reports() {
        return reports;
    }

    /** Everything at rest (at most two minutes per wait); recorded for the report. */
    Settled settle(String before, boolean catalogUp) throws InterruptedException {
        long t0 = System.nanoTime();
        Backlog outbox = waitFor(() -> new Backlog(outboxBacklog(), 0), Duration.ofMinutes(2));
        long t1 = System.nanoTime();
        Backlog lag = catalogUp ? waitFor(() -> new Backlog(0, consumerLag()), Duration.ofMinutes(2)) : new Backlog(0, 0);
        long t2 = System.nanoTime();
        long levels = catalogUp ? catchUpDriftSync() : 0;
        long t3 = System.nanoTime();
        String flushed = flushWrites();
        boolean quick = answersQuickly(catalogUp);
        long t4 = System.nanoTime();
        boolean settled = outbox.empty() && outbox.known() && lag.empty() && lag.known() && levels >= 0 && quick;
        String detail = (settled ? "" : String.format("not settled: outbox %s, consumer lag %s, drift sync %s, "
                + "services %s; ", count(outbox.outbox()), count(lag.lag()), levels < 0 ? "failed" : "ok",
                quick ? "quick" : "slow")) + flushed;
        Settled report = new Settled(before, (t1 - t0) / 1e9, (t2 - t1) / 1e9, (t3 - t2) / 1e9, Math.max(0, levels),
                (t4 - t3) / 1e9, settled, detail);
        reports.add(report);
        System.out.printf("==> settled before %s in %.1f s: outbox %.1f s, consumer lag %.1f s, drift sync %.1f s "
                + "(%,d levels), checkpoint %.1f s%s%n", before, report.totalSeconds(), report.outboxSeconds(),
                report.lagSeconds(), report.syncSeconds(), report.syncLevels(), report.checkpointSeconds(),
                settled ? "" : " — " + detail);
        return report;
    }

    /** Waits until what the load left in flight reached the catalog: outbox empty and consumer lag 0. */
    Backlog drain(Duration max, boolean catalogUp) throws InterruptedException {
        return waitFor(() -> new Backlog(outboxBacklog(), catalogUp ? consumerLag() : 0), max);
    }

    private static String count(long n) {
        return n < 0 ? "unreadable" : Long.toString(n);
    }

    private static Backlog waitFor(Supplier<Backlog> backlog, Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        Backlog last = backlog.get();
        while (!last.empty() && System.nanoTime() < deadline) {
            Thread.sleep(100);
            last = backlog.get();
        }
        return last;
    }

    /** The warehouse's outbox_backlog gauge (rows not yet acknowledged by the broker); -1 when unreadable. */
    long outboxBacklog() {
        try {
            Matcher m = BACKLOG.matcher(body(warehouseManagement, "/q/metrics"));
            return m.find() ? (long) Double.parseDouble(m.group(1)) : 0;
        } catch (Exception e) {
            return -1;
        }
    }

    /** Records on the topic that the catalog's consumer group has not committed; -1 when Kafka does not answer. */
    long consumerLag() {
        try {
            Map<TopicPartition, OffsetAndMetadata> committed = kafka.listConsumerGroupOffsets(config.catalogGroupId())
                    .partitionsToOffsetAndMetadata().get(5, TimeUnit.SECONDS);
            var partitions = kafka.describeTopics(List.of(config.kafkaTopic())).allTopicNames().get(5, TimeUnit.SECONDS)
                    .get(config.kafkaTopic()).partitions().stream()
                    .map(p -> new TopicPartition(config.kafkaTopic(), p.partition())).toList();
            var ends = kafka.listOffsets(partitions.stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest())))
                    .all().get(5, TimeUnit.SECONDS);
            long lag = 0;
            for (TopicPartition p : partitions) {
                OffsetAndMetadata c = committed.get(p);
                lag += Math.max(0, ends.get(p).offset() - (c == null ? 0 : c.offset()));
            }
            return lag;
        } catch (Exception e) {
            return -1;
        }
    }

    /**
     * The catalog's drift sync re-reads every level changed since its last run, every 30 s: after a
     * write phase its first run pulled up to 200,000 levels while the next phase was measured (a
     * 300 ms stall of catalog reads). Run it now until it has caught up; -1 when it failed.
     */
    long catchUpDriftSync() {
        long levels = 0;
        try (Http admin = new Http(vertx, config.catalogUrl(), 1, 10, config.adminApiKey(), Duration.ofMinutes(2))) {
            for (int run = 0; run < 10; run++) {
                JsonObject result = new JsonObject(admin.post("/v1/admin/stock/sync", Buffer.buffer("{}"))
                        .toCompletionStage().toCompletableFuture().get(150, TimeUnit.SECONDS));
                levels += result.getLong("levelsSeen", 0L);
                // levelsSeen counts each run's audit of a slice of the catalog too: never below 1000 with
                // the demo data, which made this run the sync (and its audit) ten times per settle
                if (result.getBoolean("caughtUp", result.getLong("levelsSeen", 0L) < 1000)) {
                    break;
                }
            }
        } catch (Exception e) {
            System.out.println("    drift sync not run: " + e.getMessage());
            return -1;
        }
        return levels;
    }

    /**
     * A write phase leaves PostgreSQL's and Kafka's pages dirty, and the kernel wrote them back during
     * the next phase (its writeback threads took 17% of a core while catalog reads were measured): a
     * checkpoint and a {@code sync} now, so each phase pays for its own writes only.
     */
    private String flushWrites() {
        try (Connection c = warehouseDb.get()) {
            c.createStatement().execute("CHECKPOINT");
        } catch (Exception e) {
            // not a superuser: the sync still writes back what is dirty
        }
        try {
            Process sync = new ProcessBuilder("sync").inheritIO().start();
            if (!sync.waitFor(2, TimeUnit.MINUTES)) {
                sync.destroy();
            }
        } catch (IOException e) {
            return "no sync command: dirty pages left to the kernel";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return "checkpoint and sync done";
    }

    /** A cheap request to each service answers within 100 ms three times in a row (at most a minute). */
    private boolean answersQuickly(boolean catalogUp) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        int quick = 0;
        while (quick < 3 && System.nanoTime() < deadline) {
            try {
                long started = System.nanoTime();
                body(warehouse, "/v1/warehouses");
                if (catalogUp) {
                    body(catalog, "/v1/products?limit=1");
                }
                quick = System.nanoTime() - started < TimeUnit.MILLISECONDS.toNanos(100) ? quick + 1 : 0;
            } catch (Exception e) {
                quick = 0;
            }
            Thread.sleep(quick == 0 ? 500 : 100);
        }
        return quick >= 3;
    }

    private static String body(Http http, String path) throws Exception {
        return http.get(path).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).toString();
    }

    @Override
    public void close() {
        kafka.close(Duration.ofSeconds(5));
    }
}
