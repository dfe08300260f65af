package io.stockflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockflow.e2e.chaos.Scenario;
import io.stockflow.e2e.chaos.Verification;
import io.stockflow.e2e.chaos.Workload;
import io.stockflow.testsupport.EmbeddedKafka;
import io.stockflow.testsupport.PostgresDatabase;
import io.stockflow.testsupport.TestKeys;
import java.nio.file.Files;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The chaos suite's short form for CI (deploy/local/chaos.sh runs all of it): two warehouse and two
 * catalog processes (one consumer group, one database, one Redis database, the embedded broker)
 * under a recorded workload with Idempotency-Keys, and three faults. After each, the scenario's
 * checks: every acknowledged write in its level and once in the ledger, commands without a definite
 * answer retried with their key applied once, no version backwards, the catalogs converged, no 5xx
 * but 503 with Retry-After. PostgreSQL is made unavailable with pg_terminate_backend on every session
 * of the warehouses' database, again and again for a few seconds, as a restart does to them: CI's
 * server is shared by the other tests' databases, so it is not restarted here (chaos.sh does).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ChaosSubsetTest {

    static final String PG = "jdbc:postgresql://127.0.0.1:5432/";
    static final String RUN = "e2e_chaos_" + ProcessHandle.current().pid();
    static final List<String> WAREHOUSE_IDS = List.of("CHAOS-A", "CHAOS-B");
    static ServiceProcess[] warehouses;
    static ServiceProcess[] catalogs;

    @BeforeAll
    static void startTwoOfEach() throws Exception {
        String kafka = EmbeddedKafka.bootstrapServers();
        PostgresDatabase.createIfMissing(PG + RUN + "_warehouse");
        PostgresDatabase.createIfMissing(PG + RUN + "_catalog");
        StockflowSystem.flushRedis();
        warehouses = new ServiceProcess[2];
        catalogs = new ServiceProcess[2];
        for (int i = 0; i < 2; i++) {
            warehouses[i] = new ServiceProcess("chaos-warehouse-" + (i + 1), "warehouse-service", withKeys(Map.of(
                    "WAREHOUSE_DB_URL", PG + RUN + "_warehouse", "KAFKA_BOOTSTRAP_SERVERS", kafka)));
            catalogs[i] = new ServiceProcess("chaos-catalog-" + (i + 1), "catalog-service", withKeys(Map.of(
                    "CATALOG_DB_URL", PG + RUN + "_catalog", "REDIS_URL", StockflowSystem.REDIS_URL,
                    "KAFKA_BOOTSTRAP_SERVERS", kafka, "WAREHOUSE_API_KEY", TestKeys.SERVICE,
                    // off: what the catalogs show arrived as events, not through the repair
                    "CATALOG_SYNC_INTERVAL", "off")));
        }
        warehouses[0].start(); // migrates the schema before anyone else uses it
        startAll(warehouses[1], catalogs[0], catalogs[1]);
    }

    @AfterAll
    static void stopAll() throws Exception {
        for (ServiceProcess service : new ServiceProcess[] {catalogs[0], catalogs[1], warehouses[0], warehouses[1]}) {
            if (service != null) {
                service.stop();
            }
        }
        try (Connection c = DriverManager.getConnection(PG + "postgres", "postgres", "");
                var s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + RUN + "_catalog WITH (FORCE)");
            s.execute("DROP DATABASE IF EXISTS " + RUN + "_warehouse WITH (FORCE)");
        }
    }

    /** What the previous scenario left down comes back first. */
    @BeforeEach
    void everyReplicaUp() throws Exception {
        List<ServiceProcess> down = new ArrayList<>();
        for (ServiceProcess service : new ServiceProcess[] {warehouses[0], warehouses[1], catalogs[0], catalogs[1]}) {
            if (!service.running()) {
                down.add(service);
            }
        }
        startAll(down.toArray(ServiceProcess[]::new));
    }

    /** Second: a warm warehouse answers enough commands in the outage's window to meet it. */
    @Test
    @Order(2)
    void shouldAnswer503AndLoseNothingWhilePostgresqlCutsEverySession() throws Exception {
        Scenario.Result result = Scenario.run("postgres-cut", settings(Duration.ofSeconds(60)), () -> {
            long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            try (Connection c = DriverManager.getConnection(PG + "postgres", "postgres", "");
                    var terminate = c.prepareStatement("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                            + "WHERE datname = ? AND pid <> pg_backend_pid()")) {
                terminate.setString(1, RUN + "_warehouse");
                while (System.nanoTime() < end) {
                    terminate.execute();
                    ServiceProcess.sleep(100);
                }
            }
        });
        System.out.println(result.line());
        assertThat(result.problems()).as(result.line()).isEmpty();
        assertThat(result.statuses()).as("statuses while the sessions were cut").containsKey("503");
    }

    @Test
    @Order(1)
    void shouldHandTheRelayToTheOtherWarehouseWhenItsLeaderIsKilledUnderLoad() throws Exception {
        ServiceProcess[] leader = new ServiceProcess[1];
        Scenario.Result result = Scenario.run("relay-leader-kill", settings(Duration.ofSeconds(60)), () -> {
            leader[0] = relayLeader();
            leader[0].kill();
            ServiceProcess other = leader[0] == warehouses[0] ? warehouses[1] : warehouses[0];
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!leads(other) && System.nanoTime() < deadline) {
                ServiceProcess.sleep(100);
            }
        });
        System.out.println(result.line());
        assertThat(leads(leader[0] == warehouses[0] ? warehouses[1] : warehouses[0])).as("the other warehouse took over").isTrue();
        assertThat(result.problems()).as(result.line()).isEmpty();
    }

    /** The survivor gets the dead one's partitions when its session (45 s) expires, while events flow. */
    @Test
    @Order(3)
    void shouldRebalanceTheKilledCatalogsPartitionsToTheOtherWhileEventsFlow() throws Exception {
        int[] survivorPartitions = new int[1];
        int[] topicPartitions = new int[1];
        Scenario.Result result = Scenario.run("catalog-kill", settings(Duration.ofSeconds(90)), () -> {
            catalogs[1].kill();
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, EmbeddedKafka.bootstrapServers()))) {
                topicPartitions[0] = admin.describeTopics(List.of("warehouse.stock")).allTopicNames().get()
                        .get("warehouse.stock").partitions().size();
                long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
                do {
                    ServiceProcess.sleep(500);
                    // the dead member leaves first; the survivor's assignment grows when the rebalance completes
                    var members = admin.describeConsumerGroups(List.of("catalog")).all().get().get("catalog").members();
                    survivorPartitions[0] = members.size() == 1
                            ? members.iterator().next().assignment().topicPartitions().size() : 0;
                } while (survivorPartitions[0] != topicPartitions[0] && System.nanoTime() < deadline);
            }
        });
        System.out.println(result.line());
        assertThat(survivorPartitions[0]).as("partitions of the one member left in the group").isEqualTo(topicPartitions[0]);
        assertThat(catalogs[1].running()).isFalse(); // all of it was shown by the survivor alone
        assertThat(result.problems()).as(result.line()).isEmpty();
    }

    private static Scenario.Settings settings(Duration convergeBound) {
        List<String> warehouseUrls = List.of(warehouses[0].url(), warehouses[1].url());
        List<String> catalogUrls = List.of(catalogs[0].url(), catalogs[1].url());
        return new Scenario.Settings(
                new Workload.Settings(warehouseUrls, catalogUrls, TestKeys.WRITE, TestKeys.READ, 6,
                        Duration.ofMillis(25), Duration.ofSeconds(90)),
                new Verification.Target(warehouseUrls, catalogUrls, TestKeys.READ, TestKeys.SERVICE, StockflowSystem.REDIS_URL),
                TestKeys.ADMIN, WAREHOUSE_IDS, 6, Duration.ofSeconds(3), Duration.ofSeconds(3), convergeBound);
    }

    /** The warehouse that announced, under its current pid, that it is the active relay. */
    private static ServiceProcess relayLeader() {
        for (ServiceProcess warehouse : warehouses) {
            if (leads(warehouse)) {
                return warehouse;
            }
        }
        throw new AssertionError("no warehouse leads the relay");
    }

    private static boolean leads(ServiceProcess warehouse) {
        try {
            if (!warehouse.running()) {
                return false;
            }
            String log = Files.readString(warehouse.log());
            String relay = "outbox-relay-" + warehouse.pid() + "@";
            int elected = lastLine(log, relay, "is now the active outbox relay");
            return elected >= 0 && elected > lastLine(log, relay, "lost its database session");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Where the last line naming this relay and saying {@code what} starts, or -1. */
    private static int lastLine(String log, String relay, String what) {
        int at = -1;
        for (int i = log.indexOf(relay); i >= 0; i = log.indexOf(relay, i + 1)) {
            int end = log.indexOf('\n', i);
            if (log.substring(i, end < 0 ? log.length() : end).contains(what)) {
                at = i;
            }
        }
        return at;
    }

    /** The catalogs call the warehouse replica of their own number. */
    private static void startAll(ServiceProcess... services) throws Exception {
        List<CompletableFuture<Void>> starting = new ArrayList<>();
        for (ServiceProcess service : services) {
            for (int i = 0; i < 2; i++) {
                if (service == catalogs[i]) {
                    service.envOverride("WAREHOUSE_URL", warehouses[i].url());
                }
            }
            starting.add(CompletableFuture.runAsync(() -> {
                try {
                    service.start();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }));
        }
        CompletableFuture.allOf(starting.toArray(CompletableFuture[]::new)).join();
    }

    private static Map<String, String> withKeys(Map<String, String> env) {
        Map<String, String> all = new HashMap<>(env);
        all.putAll(TestKeys.environment());
        return all;
    }
}
