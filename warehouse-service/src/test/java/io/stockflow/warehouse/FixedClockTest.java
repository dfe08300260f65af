package io.stockflow.warehouse;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.stockflow.testsupport.PostgresDatabase;
import io.stockflow.warehouse.support.Stock;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Commands take their time from the injected Clock, so a test can fix it. */
@QuarkusTest
@QuarkusTestResource(PostgresDatabase.class)
@TestProfile(FixedClockTest.FixedClockProfile.class)
class FixedClockTest {

    /** Before this test ran, so readers that page by time never meet it as new. */
    static final Instant NOW = Instant.parse("2026-06-01T12:00:00.123456Z");

    public static class FixedClockProfile implements QuarkusTestProfile {
        @Override
        public Set<Class<?>> getEnabledAlternatives() {
            return Set.of(FixedClock.class);
        }
    }

    @Alternative
    @Singleton
    public static class FixedClock {
        @Produces
        @Singleton
        Clock clock() {
            return Clock.fixed(NOW.plusNanos(789), ZoneOffset.UTC);
        }
    }

    @Test
    void changesAreStampedWithTheInjectedClockToTheMicrosecond() {
        String product = Stock.productId();
        String warehouse = Stock.warehouse();

        Stock.adjust(product, warehouse, 5).then().statusCode(200).body("updatedAt", equalTo(NOW.toString()));
        Stock.adjust(product, warehouse, -1).then().statusCode(200).body("updatedAt", equalTo(NOW.toString()));

        Stock.movements(product).then().statusCode(200).body("items.occurredAt", everyItem(equalTo(NOW.toString())));
    }
}
