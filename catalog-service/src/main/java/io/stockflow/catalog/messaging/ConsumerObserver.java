package io.stockflow.catalog.messaging;

/** What a {@link StockEventConsumer} tells as it runs (the catalog's metrics/); {@link #NONE} tells no one. */
public interface ConsumerObserver {

    ConsumerObserver NONE = new ConsumerObserver() {
    };

    /** The consumer's worker pool, before it starts. */
    default void started(KeyedWorkers<?> workers) {
    }

    /** Records one poll fetched. */
    default void received(int records) {
    }

    /** The consumer has closed; its workers are gone. */
    default void stopped() {
    }
}
