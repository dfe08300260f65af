package io.stockflow.warehouse.rest;

import static io.restassured.RestAssured.given;
import static io.stockflow.warehouse.support.OutboxFixtures.currentFeedHead;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.provider.EventFormatProvider;
import io.cloudevents.jackson.JsonFormat;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.stockflow.events.StockEvents;
import io.stockflow.warehouse.support.EventPipelineProfile;
import io.stockflow.warehouse.support.Stock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Every event the warehouse emits passes the rules the catalog checks on every event it receives
 * (shared-events' StockEvents.parse): were one to fail, the catalog would dead-letter a real change.
 */
@QuarkusTest
@TestProfile(EventPipelineProfile.class)
class EmittedEventsContractTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void shouldEmitOnlyEventsTheCatalogAccepts() throws Exception {
        long head = currentFeedHead();
        String product = Stock.productId();
        String a = Stock.warehouse();
        String b = Stock.warehouse();
        Stock.stocked(product, a, 30);
        Stock.set(product, a, 25).then().statusCode(200);
        Stock.threshold(product, a, 20).then().statusCode(200);
        Stock.transfer(product, a, b, 10).then().statusCode(200); // a falls below its threshold: low stock
        String committed = Stock.reserved(product, b, 2);
        Stock.commit(committed).then().statusCode(200);
        String released = Stock.reserved(product, a, 1);
        Stock.release(released).then().statusCode(200);
        Stock.safetyStock(product, b, 20).then().statusCode(200); // more than b holds: available floored at 0
        String incoming = Stock.incoming(product, b, 5, "2030-01-07T08:00:00Z");
        Stock.receive(incoming, 2).then().statusCode(200);
        given().post(Stock.INCOMING + "/{id}/cancel", incoming).then().statusCode(200);

        List<CloudEvent> events = await().atMost(Duration.ofSeconds(20))
                .until(() -> eventsOf(head, product), e -> e.stream().map(CloudEvent::getType).collect(Collectors.toSet())
                        .containsAll(Set.of("warehouse.stock.adjusted", "warehouse.stock.updated",
                                "warehouse.stock.transferred", "warehouse.stock.reserved", "warehouse.stock.released",
                                "warehouse.inventory.low_stock", "warehouse.stock.incoming")));

        for (CloudEvent event : events) {
            assertThat(StockEvents.parse(event).productId()).as(event.getType()).isEqualTo(product);
        }
    }

    private static List<CloudEvent> eventsOf(long after, String product) throws Exception {
        JsonNode page = JSON.readTree(given().queryParam("offset", after).queryParam("limit", 1000)
                .get("/v1/inventory/events").then().statusCode(200).extract().asByteArray());
        List<CloudEvent> events = new ArrayList<>();
        for (JsonNode event : page.path("events")) {
            if (product.equals(event.path("subject").asText())) {
                events.add(EventFormatProvider.getInstance().resolveFormat(JsonFormat.CONTENT_TYPE)
                        .deserialize(JSON.writeValueAsBytes(event)));
            }
        }
        return events;
    }
}
