package io.stockflow.warehouse.support;

import io.quarkus.test.junit.QuarkusTestProfile;
import io.stockflow.testsupport.KafkaTestBroker;
import java.util.List;
import java.util.Map;

/**
 * Tests of the event pipeline: the relay on, a real broker, and a database of their own that one
 * test JVM at a time holds (see {@link ExclusiveRelayDatabase}), because an active relay publishes
 * every row of its outbox and would take other runs' rows to its own broker.
 */
public class EventPipelineProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "stockflow.relay.enabled", "true",
                "stockflow.relay.poll-interval", "500ms",
                "stockflow.relay.leader-retry", "300ms",
                "stockflow.relay.kafka.delivery-timeout", "60s");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(ExclusiveRelayDatabase.class), new TestResourceEntry(KafkaTestBroker.resource()));
    }
}
