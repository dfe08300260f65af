package io.stockflow.support.auth;

import java.util.Map;
import java.util.Set;

/**
 * The roles a key can hold, and what each one grants: {@code admin} may do everything, {@code write}
 * includes {@code read}, and so does {@code service} (the catalog reading the warehouse: bulk stock,
 * recently-updated). {@code ingest} (a push subscription delivering events) grants only itself.
 * Endpoints name the least role they need.
 */
public final class Roles {

    public static final String READ = "read";
    public static final String WRITE = "write";
    public static final String ADMIN = "admin";
    public static final String SERVICE = "service";
    public static final String INGEST = "ingest";

    private static final Map<String, Set<String>> GRANTS = Map.of(
            READ, Set.of(READ),
            WRITE, Set.of(WRITE, READ),
            ADMIN, Set.of(ADMIN, WRITE, READ, SERVICE, INGEST),
            SERVICE, Set.of(SERVICE, READ),
            INGEST, Set.of(INGEST));

    /** Roles whose keys may name on whose behalf they act (X-On-Behalf-Of). */
    public static final Set<String> MAY_ACT_ON_BEHALF = Set.of(WRITE, SERVICE);

    /** Roles whose keys a person may sign in to the staff console with (machine keys may not). */
    public static final Set<String> STAFF = Set.of(READ, WRITE, ADMIN);

    private Roles() {
    }

    public static boolean isRole(String role) {
        return GRANTS.containsKey(role);
    }

    /** Every role a key of {@code role} holds, itself included. */
    public static Set<String> granted(String role) {
        Set<String> granted = GRANTS.get(role);
        if (granted == null) {
            throw new IllegalArgumentException("unknown role '" + role + "'; roles are " + GRANTS.keySet());
        }
        return granted;
    }
}
