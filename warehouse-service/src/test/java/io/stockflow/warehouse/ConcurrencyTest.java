package io.stockflow.warehouse;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.stockflow.testsupport.PostgresDatabase;
import io.stockflow.warehouse.support.Db;
import io.stockflow.warehouse.support.Stock;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * No lost update under any interleaving: many clients hammer one hot level with adjustments,
 * reservations (then released or committed) and transfers; afterwards the level is exactly the
 * initial state plus the accepted changes, the invariants hold, and every request is accounted for.
 * Sixteen clients on one row make a standing queue, so admission may shed some with 503 ("nothing was
 * changed, retry"): the clients retry those, as the contract asks, and the final state proves the 503s
 * changed nothing.
 */
@QuarkusTest
@QuarkusTestResource(PostgresDatabase.class)
class ConcurrencyTest {

    static final int CLIENTS = 16;
    static final int REQUESTS_PER_CLIENT = 30;
    static final long INITIAL = 500;

    /** What the accepted requests did to the hot level and its neighbour, summed. */
    static final class Ledger {
        final AtomicLong hotOnHand = new AtomicLong(INITIAL);
        final AtomicLong hotReserved = new AtomicLong();
        final AtomicLong otherOnHand = new AtomicLong(INITIAL);
        final AtomicLong hotChanges = new AtomicLong();
        final AtomicLong accepted = new AtomicLong();
        final AtomicLong rejected = new AtomicLong();
        final AtomicLong shed = new AtomicLong();
        final ConcurrentLinkedQueue<String> unexpected = new ConcurrentLinkedQueue<>();
    }

    @Inject
    AgroalDataSource dataSource;

    @Test
    void shouldNotMakeWriterOfAnotherLevelWaitForTheSameProduct() throws Exception {
        String product = Stock.productId();
        String held = Stock.warehouse();
        String free = Stock.warehouse();
        Stock.stocked(product, held, INITIAL);
        Stock.stocked(product, free, INITIAL);
        whileLocked(product, held, free, (holder, other) -> {
            assertThat(other.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
            holder.rollback();
        });
    }

    @Test
    void shouldQueueWriterOfTheSameLevelUntilTheHolderEnds() throws Exception {
        String product = Stock.productId();
        String warehouse = Stock.warehouse();
        Stock.stocked(product, warehouse, INITIAL);
        whileLocked(product, warehouse, warehouse, (holder, queued) -> {
            Thread.sleep(500);
            assertThat(queued).as("a second writer of the level waits for the lock").isNotDone();
            holder.rollback();
            assertThat(queued.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        });
    }

    /** What a test checks while a transaction holds a level's lock and another client's adjustment is under way. */
    private interface WhileLocked {
        void check(Connection holder, Future<Response> adjustment) throws Exception;
    }

    /** Adjusts {@code writtenWarehouse}'s level by 1 from another client while {@code heldWarehouse}'s is locked. */
    private void whileLocked(String product, String heldWarehouse, String writtenWarehouse, WhileLocked test)
            throws Exception {
        ExecutorService client = Executors.newSingleThreadExecutor();
        try (Connection holder = Db.holdLevelLock(dataSource, product, heldWarehouse)) {
            test.check(holder, client.submit(() -> Stock.adjust(product, writtenWarehouse, 1)));
        } finally {
            client.shutdownNow();
        }
    }

    /** A transaction holding the level's lock, taken by the statement every write path runs. */
    @Test
    void shouldLoseNoUpdateWhenSixteenClientsHammerOneLevel() throws Exception {
        String product = Stock.productId();
        String hot = Stock.warehouse();
        String other = Stock.warehouse();
        Stock.stocked(product, hot, INITIAL);
        Stock.stocked(product, other, INITIAL);
        Ledger ledger = new Ledger();

        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> clients = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            clients.add(pool.submit(() -> {
                start.await();
                int sent = 0;
                for (int i = 0; i < REQUESTS_PER_CLIENT; i++) {
                    sent += randomOperation(product, hot, other, ledger);
                }
                return sent;
            }));
        }
        start.countDown();
        long sent = 0;
        for (Future<Integer> client : clients) {
            sent += client.get();
        }
        pool.shutdown();

        assertThat(ledger.unexpected).isEmpty();
        assertThat(ledger.accepted.get() + ledger.rejected.get()).isEqualTo(sent);
        assertThat(ledger.rejected.get()).as("some requests must hit the invariants").isPositive();

        JsonPath stock = given().get("/v1/inventory/product/" + product).then().statusCode(200).extract().jsonPath();
        Map<String, Object> hotLevel = level(stock, hot);
        Map<String, Object> otherLevel = level(stock, other);
        long onHand = ((Number) hotLevel.get("onHand")).longValue();
        long reserved = ((Number) hotLevel.get("reserved")).longValue();
        assertThat(onHand).isEqualTo(ledger.hotOnHand.get());
        assertThat(reserved).isEqualTo(ledger.hotReserved.get());
        assertThat(((Number) otherLevel.get("onHand")).longValue()).isEqualTo(ledger.otherOnHand.get());
        assertThat(((Number) hotLevel.get("version")).longValue()).isEqualTo(1 + ledger.hotChanges.get());
        assertThat(onHand).isGreaterThanOrEqualTo(0);
        assertThat(reserved).isBetween(0L, onHand);

        given().queryParam("productId", product).get("/v1/admin/ledger/verify").then().statusCode(200)
                .body("consistent", org.hamcrest.Matchers.equalTo(true));
    }

    /** Sends one random operation (two for a reservation that is then ended); returns requests sent. */
    private static int randomOperation(String product, String hot, String other, Ledger ledger) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        switch (random.nextInt(3)) {
            case 0 -> {
                long drawn = random.nextLong(-60, 41);
                long delta = drawn == 0 ? 1 : drawn;
                Response r = untilAdmitted(() -> Stock.adjust(product, hot, delta), ledger);
                if (record(r, ledger)) {
                    ledger.hotOnHand.addAndGet(delta);
                    ledger.hotChanges.incrementAndGet();
                }
                return 1;
            }
            case 1 -> {
                long quantity = random.nextLong(1, 40);
                boolean outbound = random.nextBoolean();
                Response r = untilAdmitted(() -> given().contentType(ContentType.JSON)
                        .body(Map.of("productId", product, "fromWarehouseId", outbound ? hot : other,
                                "toWarehouseId", outbound ? other : hot, "quantity", quantity))
                        .post("/v1/inventory/transfers"), ledger);
                if (record(r, ledger)) {
                    ledger.hotOnHand.addAndGet(outbound ? -quantity : quantity);
                    ledger.otherOnHand.addAndGet(outbound ? quantity : -quantity);
                    ledger.hotChanges.incrementAndGet();
                }
                return 1;
            }
            default -> {
                long quantity = random.nextLong(1, 50);
                Response r = untilAdmitted(() -> Stock.reserve(Map.of("lines", List.of(Map.of("productId", product,
                        "warehouseId", hot, "quantity", quantity)))), ledger);
                if (!record(r, ledger)) {
                    return 1;
                }
                ledger.hotReserved.addAndGet(quantity);
                ledger.hotChanges.incrementAndGet();
                String id = r.jsonPath().getString("reservationId");
                boolean commit = random.nextBoolean();
                Response end = untilAdmitted(
                        () -> given().post("/v1/inventory/reservations/" + id + (commit ? "/commit" : "/release")), ledger);
                if (record(end, ledger)) {
                    ledger.hotReserved.addAndGet(-quantity);
                    if (commit) {
                        ledger.hotOnHand.addAndGet(-quantity);
                    }
                    ledger.hotChanges.incrementAndGet();
                }
                return 2;
            }
        }
    }

    /** Sends until admission takes the request: a shed one (503 service_unavailable) changed nothing. */
    private static Response untilAdmitted(Supplier<Response> request, Ledger ledger) {
        for (int attempt = 1; ; attempt++) {
            Response response = request.get();
            if (response.statusCode() != 503 || attempt == 50
                    || !"service_unavailable".equals(response.jsonPath().getString("errorType"))) {
                return response;
            }
            ledger.shed.incrementAndGet();
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return response;
            }
        }
    }

    /** True when accepted; a refusal must be the invariant's 409, anything else is a failure. */
    private static boolean record(Response response, Ledger ledger) {
        int status = response.statusCode();
        if (status == 200 || status == 201) {
            ledger.accepted.incrementAndGet();
            return true;
        }
        if (status == 409 && "insufficient_stock".equals(response.jsonPath().getString("errorType"))) {
            ledger.rejected.incrementAndGet();
            return false;
        }
        ledger.unexpected.add(status + " " + response.asString());
        return false;
    }

    private static Map<String, Object> level(JsonPath stock, String warehouse) {
        return stock.getList("warehouses", Map.class).stream()
                .filter(l -> warehouse.equals(l.get("warehouseId"))).findFirst()
                .map(l -> (Map<String, Object>) l).orElseThrow();
    }
}
