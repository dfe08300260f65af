package io.stockflow.warehouse.domain;

/** Kinds of ledger entries; every change of a level is exactly one of them. */
public enum MovementType {
    ADJUSTED, SET, TRANSFER_OUT, TRANSFER_IN, RESERVED, RELEASED, EXPIRED, COMMITTED, THRESHOLD, EXTENDED,
    INCOMING, RECEIVED, INCOMING_CANCELLED, SAFETY_STOCK;

    public String wireName() {
        return name().toLowerCase();
    }
}
