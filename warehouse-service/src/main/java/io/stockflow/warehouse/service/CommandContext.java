package io.stockflow.warehouse.service;

/** Who asks, and under which idempotency key (null without one); recorded on every ledger entry. */
public record CommandContext(String actor, String idempotencyKey) {

    public static final String SYSTEM = "system";

    public static CommandContext system() {
        return new CommandContext(SYSTEM, null);
    }
}
