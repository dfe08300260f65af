package io.stockflow.warehouse.outbox;

import static io.restassured.RestAssured.given;
import static io.stockflow.warehouse.support.OutboxFixtures.allPublished;
import static io.stockflow.warehouse.support.OutboxFixtures.commitAdjustment;
import static io.stockflow.warehouse.support.OutboxFixtures.currentFeedHead;
import static io.stockflow.warehouse.support.OutboxFixtures.newProductId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.stockflow.testsupport.KafkaTestBroker;
import io.stockflow.warehouse.support.Deliveries;
import io.stockflow.warehouse.support.EventPipelineProfile;
import io.stockflow.warehouse.support.OutboxFixtures.WrittenEvent;
import io.stockflow.warehouse.support.TopicReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(EventPipelineProfile.class)
class BrokerOutageTest {

    private final List<String> products = List.of(newProductId(), newProductId(), newProductId());
    private final List<WrittenEvent> written = new ArrayList<>();
    private int version;

    @Test
    void shouldDeliverEveryEventInProductOrderAfterBrokerOutage() {
        long feedHead = currentFeedHead();
        writeRound(3);
        await().atMost(Duration.ofSeconds(20)).until(() -> allPublished(written));

        KafkaTestBroker.stopBroker();
        List<WrittenEvent> duringOutage;
        try {
            int before = written.size();
            writeRound(10);
            duringOutage = List.copyOf(written.subList(before, written.size()));
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(feedIds(feedHead))
                    .as("the feed keeps serving while the broker is down")
                    .containsAll(written.stream().map(e -> e.eventId().toString()).toList()));
            assertThat(allPublished(duringOutage)).isFalse();
        } finally {
            KafkaTestBroker.restartBroker();
        }
        writeRound(2);

        await().atMost(Duration.ofSeconds(60)).until(() -> allPublished(written));
        try (TopicReader topic = new TopicReader(products)) {
            assertThat(Deliveries.firstDeliveryOrder(topic.readToEnd())).isEqualTo(Deliveries.commitOrder(written));
        }
    }

    private void writeRound(int rounds) {
        for (int i = 0; i < rounds; i++) {
            version++;
            products.forEach(product -> written.add(commitAdjustment(product, version)));
        }
    }

    private static List<String> feedIds(long offset) {
        return given().queryParam("offset", offset).queryParam("limit", 1000)
                .get("/v1/inventory/events").then().statusCode(200).extract().jsonPath().getList("events.id");
    }
}
