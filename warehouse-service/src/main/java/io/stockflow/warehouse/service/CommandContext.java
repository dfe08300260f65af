package io.stockflow.warehouse.service;

/**
 * Who asks: the authenticated principal ({@code actor}), on whose behalf if it said so (null
 * otherwise), and under which idempotency key (null without one; scoped to the actor). Recorded on
 * every ledger entry.
 */
public record CommandContext(String actor, String onBehalfOf, String idempotencyKey) {

    public static final String SYSTEM = "system";

    public static CommandContext system() {
        return new CommandContext(SYSTEM, null, null);
    }
}
