package io.stockflow.warehouse.outbox;

import static io.stockflow.warehouse.support.OutboxFixtures.allPublished;
import static io.stockflow.warehouse.support.OutboxFixtures.commitAdjustment;
import static io.stockflow.warehouse.support.OutboxFixtures.newProductId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.stockflow.warehouse.support.Deliveries;
import io.stockflow.warehouse.support.EventPipelineProfile;
import io.stockflow.warehouse.support.ExclusiveRelayDatabase;
import io.stockflow.warehouse.support.OutboxFixtures.WrittenEvent;
import io.stockflow.warehouse.support.TopicReader;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(EventPipelineProfile.class)
class RelayElectionTest {

    @Inject
    RelayConfig config;

    @Inject
    OutboxPipelineRepository outbox;

    @Inject
    EventTransport.Factory transports;

    @Test
    void shouldNeverReorderProductWhileRelaysRaceAndLeadersDie() throws Exception {
        List<String> products = List.of(newProductId(), newProductId(), newProductId(), newProductId());
        List<WrittenEvent> written = new CopyOnWriteArrayList<>();
        boolean rivalLed = false;
        try (OutboxRelay rival = new OutboxRelay(config, ExclusiveRelayDatabase::connect, outbox, transports,
                new RelayMetrics(new SimpleMeterRegistry()), new OutboxSignal(), new OutboxCommits(null), "rival-relay")) {
            rival.start();
            AtomicBoolean leadersKilled = new AtomicBoolean();
            // a product's changes commit one after another, as the level lock makes them; the writes go on
            // until every kill is done, however fast this machine commits
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                for (int version = 1; version <= 40 || !leadersKilled.get(); version++) {
                    for (String product : products) {
                        written.add(commitAdjustment(product, version));
                    }
                }
            });
            try {
                for (int kill = 0; kill < 3; kill++) {
                    int seen = written.size();
                    await().atMost(Duration.ofSeconds(20)).until(() -> written.size() > seen + 10 && leaderSession() != null);
                    terminate(leaderSession());
                    await().atMost(Duration.ofSeconds(20)).until(() -> leaderSession() != null);
                    rivalLed |= rival.isLeader();
                }
            } finally {
                leadersKilled.set(true);
            }
            writer.get();
            await().atMost(Duration.ofSeconds(30)).until(() -> allPublished(written));
        }

        assertThat(rivalLed).as("the second relay took over at least once").isTrue();
        try (TopicReader topic = new TopicReader(products)) {
            assertThat(Deliveries.firstDeliveryOrder(topic.readToEnd())).isEqualTo(Deliveries.commitOrder(written));
        }
    }

    /** The backend holding the election lock, if any. */
    private Integer leaderSession() throws SQLException {
        try (Connection connection = ExclusiveRelayDatabase.connect();
                PreparedStatement query = connection.prepareStatement("""
                        SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted
                          AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
                          AND ((classid::bigint << 32) | objid::bigint) = ?""")) {
            query.setLong(1, config.leaderLockKey());
            try (ResultSet rs = query.executeQuery()) {
                return rs.next() ? rs.getInt(1) : null;
            }
        }
    }

    private static void terminate(Integer pid) throws SQLException {
        try (Connection connection = ExclusiveRelayDatabase.connect();
                PreparedStatement kill = connection.prepareStatement("SELECT pg_terminate_backend(?)")) {
            kill.setInt(1, pid);
            kill.execute();
        }
    }
}
