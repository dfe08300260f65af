package io.stockflow.warehouse.domain;

/** A number a client sent would push a quantity past 64 bits. */
public class QuantityOutOfRange extends RuntimeException {
    public QuantityOutOfRange(String message) {
        super(message);
    }
}
