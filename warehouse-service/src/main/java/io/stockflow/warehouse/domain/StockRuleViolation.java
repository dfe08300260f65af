package io.stockflow.warehouse.domain;

import java.util.List;

/** A change refused by a domain rule; carries the levels as they are, so the client can retry knowingly. */
public class StockRuleViolation extends RuntimeException {

    public enum Kind { INSUFFICIENT_STOCK, VERSION_CONFLICT }

    private final Kind kind;
    private final transient List<StockLevel> current;

    public StockRuleViolation(Kind kind, String message, List<StockLevel> current) {
        super(message);
        this.kind = kind;
        this.current = current;
    }

    public Kind kind() {
        return kind;
    }

    public List<StockLevel> current() {
        return current;
    }

    public static StockRuleViolation insufficient(String message, StockLevel level) {
        return new StockRuleViolation(Kind.INSUFFICIENT_STOCK, message, level == null ? List.of() : List.of(level));
    }
}
