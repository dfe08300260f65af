package io.stockflow.warehouse.domain;

/** A product, warehouse or reservation the request names does not exist. */
public class NotFound extends RuntimeException {

    public NotFound(String what, Object id) {
        super(what + " '" + id + "' does not exist");
    }
}
