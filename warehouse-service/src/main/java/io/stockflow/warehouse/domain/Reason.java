package io.stockflow.warehouse.domain;

import java.util.Arrays;

/** Why an adjustment or a set happened; the wire form is the lower-case name. */
public enum Reason {
    RECEIVED, SOLD, RETURNED, DAMAGED, SHRINKAGE, CORRECTION, CYCLE_COUNT, OTHER;

    public String wireName() {
        return name().toLowerCase();
    }

    public static Reason fromWireName(String value) {
        return Arrays.stream(values()).filter(r -> r.wireName().equals(value)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown reason " + value));
    }
}
