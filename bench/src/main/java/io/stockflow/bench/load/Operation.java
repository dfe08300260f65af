package io.stockflow.bench.load;

/**
 * One request of a load phase. {@code fire} must not block: it starts the request and returns;
 * the request later calls exactly one of the callbacks, from any thread.
 */
@FunctionalInterface
public interface Operation {

    void fire(Callback callback);

    interface Callback {
        void succeeded();

        void failed(Throwable cause);
    }
}
