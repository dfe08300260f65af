package io.stockflow.warehouse.outbox;

import java.util.List;
import java.util.OptionalLong;

/** How the relay hands rows to the broker: transport only, implemented in messaging/. */
public interface EventTransport extends AutoCloseable {

    /** Opens a transport for one relay; {@code clientId} names it to the broker. */
    @FunctionalInterface
    interface Factory {
        EventTransport open(String clientId);
    }

    /**
     * The rows the broker acknowledged, the number of sends that failed, and how many rows from the
     * start of the batch were acknowledged before the first one that was not: only that prefix
     * counts as published, so a row behind a failed send is sent again with it.
     */
    record Outcome(List<OutboxRow> acknowledged, int failed, int contiguous) {

        /** The position up to which the whole batch was acknowledged; empty if its first row was not. */
        public OptionalLong acknowledgedThrough() {
            return contiguous == 0 ? OptionalLong.empty() : OptionalLong.of(acknowledged.get(contiguous - 1).position());
        }
    }

    /** True once the topic exists and every partition answers from its leader; false while not (yet). */
    boolean ensureTopic() throws InterruptedException;

    /** Sends the rows in order and waits for every outcome. */
    Outcome publish(List<OutboxRow> rows) throws InterruptedException;

    @Override
    void close();
}
