package io.stockflow.warehouse.domain;

/** A create named an id that is taken. */
public class AlreadyExists extends RuntimeException {

    public AlreadyExists(String what, Object id) {
        super(what + " '" + id + "' already exists");
    }
}
