package io.stockflow.catalog.rest;

import static io.restassured.RestAssured.given;
import static io.stockflow.catalog.support.Levels.level;
import static io.stockflow.catalog.support.Levels.newProductId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.provider.EventFormatProvider;
import io.cloudevents.jackson.JsonFormat;
import io.quarkus.test.junit.QuarkusTest;
import io.stockflow.catalog.stock.StockReader;
import io.stockflow.catalog.stock.StockStore;
import io.stockflow.catalog.support.Events;
import io.stockflow.catalog.support.Stocks;
import jakarta.inject.Inject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** CloudEvents pushed over HTTP take the same path as those from Kafka. */
@QuarkusTest
class StockEventResourceTest {

    @Inject
    StockStore store;

    @Inject
    StockReader reader;

    private static io.restassured.specification.RequestSpecification binary(CloudEvent event) {
        return given().header("ce-specversion", "1.0").header("ce-id", event.getId())
                .header("ce-source", event.getSource().toString()).header("ce-type", event.getType())
                .header("ce-subject", event.getSubject())
                .contentType("application/json").body(event.getData().toBytes());
    }

    @Test
    void shouldApplyABinaryModeEventOnceOnly() {
        String product = newProductId();
        CloudEvent event = Events.adjusted(level(product, "WH-1", 11, 1, 1));

        binary(event).post("/events/stock-updated").then().statusCode(200).body("levelsChanged", equalTo(1));
        binary(event).post("/events/stock-updated").then().statusCode(200).body("levelsChanged", equalTo(0));

        assertThat(Stocks.stored(reader, product).orElseThrow().available()).isEqualTo(10);
    }

    @Test
    void shouldApplyAStructuredModeEvent() {
        String product = newProductId();
        CloudEvent event = Events.adjusted(level(product, "WH-1", 5, 0, 2));
        byte[] json = EventFormatProvider.getInstance().resolveFormat(JsonFormat.CONTENT_TYPE).serialize(event);

        given().contentType("application/cloudevents+json").body(json)
                .post("/events/stock-updated").then().statusCode(200).body("eventId", equalTo(event.getId()));

        assertThat(Stocks.stored(reader, product).orElseThrow().onHand()).isEqualTo(5);
    }

    @Test
    void shouldRejectEventsItCannotApply() {
        given().header("ce-specversion", "1.0").header("ce-id", "x-1").header("ce-source", "/somewhere")
                .header("ce-type", "warehouse.stock.teleported").contentType("application/json").body("{}")
                .post("/events/stock-updated").then().statusCode(400)
                .contentType("application/problem+json")
                .body("errorType", equalTo("validation_error"));
        given().contentType("application/json").body("{\"productId\":\"p\"}")
                .post("/events/stock-updated").then().statusCode(400);
    }
}
