package io.stockflow.warehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Over HTTP, the second half of admission: with room left under the bound (one worker and ten waiting
 * places here), a queue that has not moved for a whole INVENTORY_QUEUE_INTERVAL stands, and a command
 * that would wait behind it is refused at once with 503 and Retry-After, counted as shed while
 * standing, and changes nothing. Once the queue drains, commands are taken again.
 */
@QuarkusTest
@TestProfile(StandingQueueSheddingTest.OneWorker.class)
@QuarkusTestResource(PostgresDatabase.class)
class StandingQueueSheddingTest {

    public static class OneWorker implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("stockflow.admission.worker-count", "1", "stockflow.admission.queue-buffer-size", "10",
                    "stockflow.admission.queue-target-delay", "5ms", "stockflow.admission.queue-interval", "100ms");
        }
    }

    @Inject
    AgroalDataSource dataSource;

    @Inject
    MeterRegistry registry;

    @Test
    void shouldRefuseCommandsWhileTheQueueStandsAndTakeThemAgainOnceItDrains() throws Exception {
        String product = Stock.productId();
        String warehouse = Stock.warehouse();
        Stock.adjust(product, warehouse, 100).then().statusCode(200);
        double standingBefore = shed("standing");
        double boundBefore = shed("bound");

        List<CompletableFuture<Response>> admitted = new ArrayList<>();
        try (Connection holder = Db.holdLevelLock(dataSource, product, warehouse)) {
            // the worker waits for the lock; the second command waits for the worker: a queue nothing leaves
            for (int i = 0; i < 2; i++) {
                admitted.add(CompletableFuture.supplyAsync(() -> Stock.adjust(product, warehouse, -1)));
            }
            Awaitility.await().atMost(10, TimeUnit.SECONDS).until(() -> inFlight() >= 2);
            Thread.sleep(250); // more than a whole interval with nothing leaving

            for (int i = 0; i < 3; i++) {
                Response refused = Stock.adjust(product, warehouse, -1);
                refused.then().statusCode(503).contentType("application/problem+json")
                        .header("Retry-After", equalTo("1"))
                        .body("errorType", equalTo("service_unavailable"))
                        .body("detail", containsString("nothing was changed"));
            }
            assertThat(inFlight()).as("well under the bound of 11").isEqualTo(2.0);
            holder.rollback();
        }

        for (CompletableFuture<Response> command : admitted) {
            command.get(30, TimeUnit.SECONDS).then().statusCode(200);
        }
        assertThat(shed("standing") - standingBefore).isEqualTo(3.0);
        assertThat(shed("bound") - boundBefore).isZero();
        Awaitility.await().atMost(5, TimeUnit.SECONDS).until(() -> inFlight() == 0);
        Stock.adjust(product, warehouse, 1).then().statusCode(200);
        Stock.product(product).then().body("onHand", equalTo(99));
        assertThat(Db.movements(dataSource, product)).isEqualTo(4);
    }

    private double shed(String reason) {
        return registry.find("inventory.commands.shed").tag("reason", reason).counter().count();
    }

    private double inFlight() {
        return registry.find("inventory.commands.in_flight").gauge().value();
    }
}
