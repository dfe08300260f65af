package io.stockflow.warehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.stockflow.testsupport.PostgresDatabase;
import io.stockflow.warehouse.support.Db;
import io.stockflow.warehouse.support.Stock;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Commands beyond what a replica admits (INVENTORY_WORKER_COUNT 1 + INVENTORY_QUEUE_BUFFER_SIZE 1
 * here) are refused at once with 503 and Retry-After and change nothing, while the admitted ones
 * complete, one at a time. Reads are never refused.
 */
@QuarkusTest
@TestProfile(LoadSheddingTest.TwoAdmitted.class)
@QuarkusTestResource(PostgresDatabase.class)
class LoadSheddingTest {

    public static class TwoAdmitted implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("stockflow.admission.worker-count", "1", "stockflow.admission.queue-buffer-size", "1");
        }
    }

    @Inject
    AgroalDataSource dataSource;

    @Inject
    MeterRegistry registry;

    @Test
    void shouldRefuseCommandsBeyondWhatItAdmitsAtOnceAndCompleteTheAdmittedOnes() throws Exception {
        String product = Stock.productId();
        String warehouse = Stock.warehouse();
        Stock.adjust(product, warehouse, 100).then().statusCode(200);
        double shedBefore = shed();

        List<CompletableFuture<Response>> admitted = new ArrayList<>();
        try (Connection holder = Db.holdLevelLock(dataSource, product, warehouse)) {
            // two commands wait for the level's lock: the replica now holds as many as it admits
            for (int i = 0; i < 2; i++) {
                admitted.add(CompletableFuture.supplyAsync(() -> Stock.adjust(product, warehouse, -1)));
            }
            Awaitility.await().atMost(10, TimeUnit.SECONDS).until(() -> inFlight() >= 2);
            // one worker: only one of them has reached the database and waits for the lock there, the
            // other waits its turn in the replica, holding no connection
            Awaitility.await().atMost(10, TimeUnit.SECONDS).until(() -> backendsWaitingForALock(holder) == 1);
            Thread.sleep(300);
            assertThat(backendsWaitingForALock(holder)).isEqualTo(1);

            // answered while the lock is still held: refused without waiting for it
            for (int i = 0; i < 5; i++) {
                Response refused = Stock.adjust(product, warehouse, -1);
                refused.then().statusCode(503).contentType("application/problem+json")
                        .header("Retry-After", equalTo("1"))
                        .body("errorType", equalTo("service_unavailable"));
                assertThat(refused.jsonPath().getString("detail")).contains("nothing was changed");
            }
            Stock.product(product).then().statusCode(200);
            holder.rollback();
        }

        for (CompletableFuture<Response> command : admitted) {
            command.get(30, TimeUnit.SECONDS).then().statusCode(200);
        }
        Stock.product(product).then().body("onHand", equalTo(98));
        assertThat(Db.movements(dataSource, product)).isEqualTo(3);
        assertThat(shed() - shedBefore).isEqualTo(5.0);
        Awaitility.await().atMost(5, TimeUnit.SECONDS).until(() -> inFlight() == 0);
        Stock.adjust(product, warehouse, 1).then().statusCode(200);
    }

    private static int backendsWaitingForALock(Connection holder) throws Exception {
        try (PreparedStatement waiting = holder.prepareStatement("SELECT count(*) FROM pg_stat_activity "
                + "WHERE datname = current_database() AND wait_event_type = 'Lock'");
                var rows = waiting.executeQuery()) {
            rows.next();
            return rows.getInt(1);
        }
    }

    private double shed() {
        return registry.find("inventory.commands.shed").tag("reason", "bound").counter().count();
    }

    private double inFlight() {
        return registry.find("inventory.commands.in_flight").gauge().value();
    }
}
