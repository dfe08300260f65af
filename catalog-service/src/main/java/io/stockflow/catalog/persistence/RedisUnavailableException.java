package io.stockflow.catalog.persistence;

/**
 * Redis did not answer in time, could not be reached, or said it cannot serve now (loading, busy):
 * a transient failure of a dependency, never a fault of the request (the API answers 503).
 */
public class RedisUnavailableException extends RuntimeException {

    public RedisUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
