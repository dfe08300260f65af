package io.stockflow.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.stockflow.testsupport.TestKeys;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The pipeline end to end: warehouse (PostgreSQL, outbox, relay) → Kafka → catalog (Redis), both
 * services running as packaged processes with authentication on: commands with a write key, catalog
 * reads with a read key, admin calls with an admin key, and the catalog's own calls to the warehouse
 * (warm-up, read-through, drift sync) with its service key. The catalog's drift sync is off, so every
 * change seen here travelled as an event unless a test runs the sync. After every test the
 * consistency checker finds no difference between the warehouse and the catalog's Redis.
 */
class PipelineEndToEndTest {

    static final Duration VISIBLE_WITHIN = Duration.ofSeconds(20);
    static StockflowSystem system;
    static String east;
    static String west;

    @BeforeAll
    static void startSystem() throws Exception {
        system = new StockflowSystem();
        system.start();
        east = warehouse("WH-EAST");
        west = warehouse("WH-WEST");
    }

    @AfterAll
    static void stopSystem() throws Exception {
        if (system != null) {
            system.close();
        }
    }

    @AfterEach
    void catalogMatchesWarehouse() {
        await().atMost(VISIBLE_WITHIN).untilAsserted(() -> {
            ConsistencyChecker.Report report = system.check();
            assertThat(report.differences()).isEmpty();
            assertThat(report.levelsChecked()).isPositive();
        });
    }

    @Test
    void shouldShowAdjustmentsInCatalog() {
        String product = product();
        adjust(product, east, 40).then().statusCode(200);
        awaitStock(product, 40, 0, "in_stock");
        adjust(product, east, -15).then().statusCode(200);
        JsonPath stock = awaitStock(product, 25, 0, "in_stock");
        assertThat(stock.getInt("warehouses." + east + ".available")).isEqualTo(25);
    }

    @Test
    void shouldShowSetTransferAndLowStockInCatalog() {
        String product = product();
        adjust(product, east, 50).then().statusCode(200);
        write().body(Map.of("onHand", 30, "reason", "cycle_count"))
                .put(system.warehouse.url() + "/v1/inventory/" + product + "/warehouses/" + east).then().statusCode(200);
        awaitStock(product, 30, 0, "in_stock");
        write().body(Map.of("productId", product, "fromWarehouseId", east, "toWarehouseId", west, "quantity", 25))
                .post(system.warehouse.url() + "/v1/inventory/transfers").then().statusCode(200);
        JsonPath stock = awaitStock(product, 30, 0, "low_stock");  // east now holds 5 < 10
        assertThat(stock.getInt("warehouses." + east + ".onHand")).isEqualTo(5);
        assertThat(stock.getInt("warehouses." + west + ".onHand")).isEqualTo(25);
    }

    @Test
    void shouldShowReserveReleaseAndCommitInCatalog() {
        String product = product();
        adjust(product, east, 100).then().statusCode(200);
        String first = reserve(product, 30);
        awaitStock(product, 100, 30, "in_stock");
        write().post(system.warehouse.url() + "/v1/inventory/reservations/" + first + "/release").then().statusCode(200);
        awaitStock(product, 100, 0, "in_stock");
        String second = reserve(product, 100);
        awaitStock(product, 100, 100, "out_of_stock");
        write().post(system.warehouse.url() + "/v1/inventory/reservations/" + second + "/commit").then().statusCode(200);
        awaitStock(product, 0, 0, "out_of_stock");
    }

    @Test
    void shouldChangeNothingDownstreamOnIdempotentRetries() {
        String product = product();
        String key = UUID.randomUUID().toString();
        for (int i = 0; i < 3; i++) {
            write().header("Idempotency-Key", key)
                    .body(Map.of("productId", product, "warehouseId", east, "delta", 60, "reason", "received"))
                    .post(system.warehouse.url() + "/v1/inventory/adjustments").then().statusCode(200);
        }
        JsonPath stock = awaitStock(product, 60, 0, "in_stock");
        assertThat(stock.getInt("warehouses." + east + ".onHand")).isEqualTo(60);
        assertThat(read().get(system.warehouse.url() + "/v1/inventory/product/" + product).jsonPath()
                .getInt("warehouses[0].version")).isEqualTo(1);
    }

    @Test
    void shouldLoseAndDoubleApplyNothingWhenCatalogRestartsMidStream() throws Exception {
        String product = product();
        adjust(product, east, 1000).then().statusCode(200);
        ExecutorService writer = Executors.newSingleThreadExecutor();
        Future<Long> applied = writer.submit(() -> {
            long sum = 1000;
            for (int i = 0; i < 150; i++) {
                long delta = i % 3 == 0 ? -2 : 3;
                if (adjust(product, i % 2 == 0 ? east : west, delta).statusCode() == 200) {
                    sum += delta;
                }
            }
            return sum;
        });
        ServiceProcess.sleep(300);
        system.catalog.stop();
        ServiceProcess.sleep(500);
        system.catalog.start();
        long expected = applied.get();
        writer.shutdown();
        awaitStock(product, expected, 0, "in_stock");
    }

    @Test
    void shouldRepairFlushedRedis() {
        String product = product();
        adjust(product, west, 70).then().statusCode(200);
        awaitStock(product, 70, 0, "in_stock");
        StockflowSystem.flushRedis();
        assertThat(system.check().consistent()).isFalse();
        admin().post(system.catalog.url() + "/v1/admin/stock/sync").then().statusCode(200)
                .body("levelsRepaired", org.hamcrest.Matchers.greaterThan(0));
        assertThat(system.check().differences()).isEmpty();
        awaitStock(product, 70, 0, "in_stock");
    }

    @Test
    void shouldRefuseRequestsWithoutKeyOrWithTheWrongRole() {
        String product = product();
        adjust(product, east, 5).then().statusCode(200);
        given().contentType(ContentType.JSON)
                .body(Map.of("productId", product, "warehouseId", east, "delta", 5, "reason", "received"))
                .post(system.warehouse.url() + "/v1/inventory/adjustments").then().statusCode(401)
                .body("errorType", org.hamcrest.Matchers.equalTo("unauthorized"));
        read().body(Map.of("productId", product, "warehouseId", east, "delta", 5, "reason", "received"))
                .post(system.warehouse.url() + "/v1/inventory/adjustments").then().statusCode(403)
                .body("errorType", org.hamcrest.Matchers.equalTo("forbidden"));
        write().post(system.catalog.url() + "/v1/admin/stock/sync").then().statusCode(403);
        given().get(system.catalog.url() + "/v1/products/" + product).then().statusCode(401);
        given().get(system.catalog.managementUrl() + "/q/health/ready").then().statusCode(200);
        awaitStock(product, 5, 0, "low_stock");
    }

    @Test
    void shouldWarmUpFromTheWarehouseWithItsServiceKeyAfterRestart() throws Exception {
        String product = product();
        adjust(product, west, 33).then().statusCode(200);
        awaitStock(product, 33, 0, "in_stock");
        system.catalog.stop();
        StockflowSystem.flushRedis();
        system.catalog.start(); // returns once ready, i.e. once warm

        assertThat(gauge(system.catalog, "catalog_warmup_levels")).isPositive();
        ConsistencyChecker.Report report = system.check(); // before any read could read through
        assertThat(report.differences()).isEmpty();
        assertThat(report.levelsChecked()).isPositive();
        awaitStock(product, 33, 0, "in_stock");
    }

    @Test
    void shouldReadStockThroughFromTheWarehouseWithItsServiceKey() {
        String product = product();
        adjust(product, east, 21).then().statusCode(200);
        awaitStock(product, 21, 0, "in_stock");
        assertThat(StockflowSystem.forgetStock(product)).isPositive();
        double missesBefore = gauge(system.catalog, "catalog_cache_misses_total");

        // a read that still finds the product in the near cache (Redis's invalidation not yet in) is no miss
        await().atMost(VISIBLE_WITHIN).untilAsserted(() -> {
            read().get(system.catalog.url() + "/v1/products/" + product).then().statusCode(200)
                    .body("stock.onHand", org.hamcrest.Matchers.equalTo(21))
                    .body("stock.status", org.hamcrest.Matchers.equalTo("in_stock"));
            assertThat(gauge(system.catalog, "catalog_cache_misses_total")).isGreaterThan(missesBefore);
        });
        assertThat(system.check().differences()).isEmpty();
    }

    /**
     * SIGTERM to the warehouse while eight clients send adjustments: nothing is answered 500, a
     * command whose answer was cut off applies exactly once when retried with its key on the next
     * instance, and that instance relays everything to the catalog (checked after each test). Known
     * gap: under heavy load a few commands that committed lose their answer in the shutdown (counted
     * here, see README "Graceful shutdown"); their retry is answered as a replay.
     */
    @Test
    void shouldApplyEveryCommandOnceWhenTheWarehouseIsTerminatedUnderLoad() throws Exception {
        String product = product();
        adjust(product, east, 5_000).then().statusCode(200);
        adjust(product, west, 5_000).then().statusCode(200); // a -1 may reach a warehouse before any +2
        Shutdowns.Load sent = Shutdowns.underLoad(8, Duration.ofMillis(1500), system.warehouse,
                client -> Shutdowns.command(system.warehouse.url() + "/v1/inventory/adjustments", TestKeys.WRITE,
                        Map.of("productId", product, "warehouseId", client % 2 == 0 ? east : west,
                                "delta", client % 3 == 0 ? -1 : 2, "reason", "received")));
        system.warehouse.start();

        Shutdowns.Outcome outcome = Shutdowns.settle(sent);
        System.out.printf("warehouse SIGTERM under load: %d commands sent, %d cut off, %d of them had committed%n",
                sent.sent().size(), outcome.cut(), outcome.committedButUnanswered().size());
        assertThat(outcome.statuses()).as("statuses answered").isSubsetOf(200, 503).contains(200);
        long expected = 10_000 + outcome.appliedDeltas("delta");
        write().get(system.warehouse.url() + "/v1/inventory/product/" + product).then().statusCode(200)
                .body("onHand", org.hamcrest.Matchers.equalTo((int) expected));
        awaitStock(product, expected, 0, "in_stock");
    }

    /** SIGTERM to the catalog while clients read: answered or refused with 503, never a 500; the next instance resumes the stream. */
    @Test
    void shouldAnswerEveryStartedReadWhenTheCatalogIsTerminatedUnderLoad() throws Exception {
        String product = product();
        adjust(product, east, 50).then().statusCode(200);
        awaitStock(product, 50, 0, "in_stock");
        Shutdowns.Load sent = Shutdowns.underLoad(8, Duration.ofMillis(1500), system.catalog,
                client -> Shutdowns.read(system.catalog.url() + "/v1/products/" + product, TestKeys.READ));
        adjust(product, west, 20).then().statusCode(200); // while the catalog is down
        system.catalog.start();

        Shutdowns.Outcome outcome = Shutdowns.settle(sent);
        assertThat(outcome.statuses()).as("statuses answered (%d reads cut off)", outcome.cut()).isSubsetOf(200, 503).contains(200);
        awaitStock(product, 70, 0, "in_stock");
    }

    @Test
    void shouldExportEveryMetricTheDashboardsAndAlertsUse() {
        String product = product();
        String key = UUID.randomUUID().toString();
        for (int i = 0; i < 2; i++) { // the second is an idempotent replay
            write().header("Idempotency-Key", key)
                    .body(Map.of("productId", product, "warehouseId", east, "delta", 50, "reason", "received"))
                    .post(system.warehouse.url() + "/v1/inventory/adjustments").then().statusCode(200);
        }
        write().body(Map.of("productId", product, "warehouseId", east, "delta", 1, "reason", "received",
                "expectedVersion", 99)).post(system.warehouse.url() + "/v1/inventory/adjustments").then().statusCode(409);
        reserve(product, 2);
        awaitStock(product, 50, 2, "in_stock");
        admin().post(system.catalog.url() + "/v1/admin/stock/sync").then().statusCode(200);

        Set<String> used = MonitoredMetricNames.all();
        await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            Set<String> exported = new TreeSet<>();
            for (ServiceProcess service : List.of(system.warehouse, system.catalog)) {
                exported.addAll(MonitoredMetricNames.exported(given().get(service.managementUrl() + "/q/metrics")
                        .then().statusCode(200).extract().asString()));
            }
            assertThat(exported).as("metrics the dashboards and alerts use").containsAll(used);
        });
    }

    /** A metric's value (summed over its series) from the service's management port, read without a key. */
    private static double gauge(ServiceProcess service, String name) {
        String metrics = given().get(service.managementUrl() + "/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines().filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    @Test
    void shouldCarryIncomingStockAndItsReceiptsToTheCatalog() {
        String product = product();
        String monday = "2030-01-07T08:00:00Z";
        String friday = "2030-01-11T08:00:00Z";
        adjust(product, east, 2).then().statusCode(200);
        reserve(product, 2);
        String line = write().body(Map.of("productId", product, "warehouseId", east, "quantity", 10,
                "expectedAt", friday, "reference", "po-e2e")).post(system.warehouse.url() + "/v1/inventory/incoming")
                .then().statusCode(201).extract().path("incomingId");
        write().body(Map.of("productId", product, "warehouseId", west, "quantity", 4, "expectedAt", monday))
                .post(system.warehouse.url() + "/v1/inventory/incoming").then().statusCode(201);

        // nothing available: the restock date is the earliest line's
        JsonPath stock = awaitStock(product, s -> s.getLong("incoming") == 14);
        assertThat(stock.getString("status")).isEqualTo("out_of_stock");
        assertThat(stock.getString("restockDate")).isEqualTo(monday);
        assertThat(stock.getLong("warehouses." + east + ".incoming")).isEqualTo(10);
        assertThat(stock.getString("warehouses." + east + ".nextIncomingAt")).isEqualTo(friday);
        assertThat(stock.getString("warehouses." + west + ".nextIncomingAt")).isEqualTo(monday);

        // a partial receipt lands in onHand; stock is available again, so no restock date
        write().body(Map.of("quantity", 6)).post(system.warehouse.url() + "/v1/inventory/incoming/" + line + "/receive")
                .then().statusCode(200);
        stock = awaitStock(product, s -> s.getLong("onHand") == 8);
        assertThat(stock.getLong("available")).isEqualTo(6);
        assertThat(stock.getLong("incoming")).isEqualTo(8);
        assertThat(stock.getString("restockDate")).isNull();
        assertThat(stock.getLong("warehouses." + east + ".incoming")).isEqualTo(4);

        // the rest arrives: the line is done, east expects nothing more
        write().post(system.warehouse.url() + "/v1/inventory/incoming/" + line + "/receive").then().statusCode(200);
        stock = awaitStock(product, s -> s.getLong("onHand") == 12);
        assertThat(stock.getLong("incoming")).isEqualTo(4);
        assertThat(stock.getString("warehouses." + east + ".nextIncomingAt")).isNull();
        given().header(TestKeys.HEADER, TestKeys.READ)
                .get(system.warehouse.url() + "/v1/inventory/product/" + product + "/movements?limit=2").then()
                .body("items[0].reason", org.hamcrest.Matchers.equalTo("received"))
                .body("items[0].reference", org.hamcrest.Matchers.equalTo("po-e2e"))
                .body("items[0].deltaOnHand", org.hamcrest.Matchers.equalTo(4));
    }

    @Test
    void shouldLowerAvailableBySafetyStockInTheCatalog() {
        String product = product();
        adjust(product, east, 10).then().statusCode(200);
        awaitStock(product, 10, 0, "in_stock");
        write().body(Map.of("safetyStock", 7))
                .put(system.warehouse.url() + "/v1/inventory/" + product + "/warehouses/" + east + "/safety-stock")
                .then().statusCode(200).body("available", org.hamcrest.Matchers.equalTo(3));
        JsonPath stock = awaitStock(product, s -> s.getLong("available") == 3);
        assertThat(stock.getLong("onHand")).isEqualTo(10);
        assertThat(stock.getLong("warehouses." + east + ".available")).isEqualTo(3);
        write().body(Map.of("safetyStock", 10))
                .put(system.warehouse.url() + "/v1/inventory/" + product + "/warehouses/" + east + "/safety-stock")
                .then().statusCode(200);
        stock = awaitStock(product, s -> s.getLong("available") == 0);
        assertThat(stock.getString("status")).isEqualTo("out_of_stock");
    }

    /** The product's stock in the catalog once it satisfies {@code until}. */
    private static JsonPath awaitStock(String product, java.util.function.Predicate<JsonPath> until) {
        return await().atMost(VISIBLE_WITHIN).pollInterval(Duration.ofMillis(50)).until(() -> {
            Response r = read().get(system.catalog.url() + "/v1/products/" + product);
            if (r.statusCode() != 200 || r.jsonPath().get("stock") == null) {
                return null;
            }
            JsonPath stock = r.jsonPath().setRootPath("stock");
            return until.test(stock) ? stock : null;
        }, s -> s != null);
    }

    private static RequestSpecification write() {
        return given().contentType(ContentType.JSON).header(TestKeys.HEADER, TestKeys.WRITE);
    }

    private static RequestSpecification read() {
        return given().contentType(ContentType.JSON).header(TestKeys.HEADER, TestKeys.READ);
    }

    private static RequestSpecification admin() {
        return given().contentType(ContentType.JSON).header(TestKeys.HEADER, TestKeys.ADMIN);
    }

    private static JsonPath awaitStock(String product, long onHand, long reserved, String status) {
        return await().atMost(VISIBLE_WITHIN).pollInterval(Duration.ofMillis(50)).until(() -> {
            Response r = read().get(system.catalog.url() + "/v1/products/" + product);
            if (r.statusCode() != 200 || r.jsonPath().get("stock") == null) {
                return null;
            }
            JsonPath stock = r.jsonPath().setRootPath("stock");
            return stock.getLong("onHand") == onHand && stock.getLong("reserved") == reserved
                    && status.equals(stock.getString("status")) ? stock : null;
        }, s -> s != null);
    }

    private static Response adjust(String product, String warehouse, long delta) {
        return write().body(Map.of("productId", product, "warehouseId", warehouse, "delta", delta, "reason", "received"))
                .post(system.warehouse.url() + "/v1/inventory/adjustments");
    }

    private static String reserve(String product, long quantity) {
        return write().body(Map.of("lines", List.of(Map.of("productId", product, "warehouseId", east, "quantity", quantity))))
                .post(system.warehouse.url() + "/v1/inventory/reservations").then().statusCode(201)
                .extract().path("reservationId");
    }

    /** A product the catalog knows, with a fresh id. */
    private static String product() {
        String id = "SKU-E2E-" + UUID.randomUUID().toString().substring(0, 8);
        admin().body(Map.of("products", List.of(Map.of("productId", id, "name", "End-to-end " + id, "price", 9.99,
                        "currency", "EUR", "category", "Test"))))
                .post(system.catalog.url() + "/v1/admin/products").then().statusCode(201);
        return id;
    }

    private static String warehouse(String id) {
        write().body(Map.of("warehouseId", id, "name", id))
                .post(system.warehouse.url() + "/v1/warehouses").then().statusCode(201);
        return id;
    }
}
