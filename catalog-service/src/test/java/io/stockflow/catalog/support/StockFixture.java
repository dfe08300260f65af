package io.stockflow.catalog.support;

import io.cloudevents.CloudEvent;
import io.stockflow.catalog.rest.ProductJson.StockJson;
import io.stockflow.catalog.service.StockEventHandler;
import io.stockflow.catalog.stock.StockReader;
import io.stockflow.events.LevelState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Object mother for the catalog's stock in a test's running application: events applied as the
 * consumer applies them, and the stock a product read would answer.
 */
@ApplicationScoped
public class StockFixture {

    @Inject
    StockEventHandler handler;

    @Inject
    StockReader reader;

    /** Applies the events in one batch, as the consumer does. */
    public void apply(CloudEvent... events) {
        handler.apply(Stream.of(events).map(handler::decode).toList());
    }

    /** Applies an adjustment event that carries the level. */
    public void adjusted(LevelState level) {
        apply(Events.adjusted(level));
    }

    /** The product's stock text as the contract's shape; empty when Redis holds none. */
    public Optional<StockJson> stored(String productId) {
        return Stocks.stored(reader, productId);
    }
}
