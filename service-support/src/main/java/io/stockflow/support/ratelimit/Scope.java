package io.stockflow.support.ratelimit;

import java.util.Arrays;
import java.util.Optional;

/** Which budget a request draws on: the API's, or the smaller one of /v1/admin. */
public enum Scope {
    API,
    ADMIN;

    static final String ADMIN_PATH = "/v1/admin";

    public static Scope ofPath(String path) {
        return path.equals(ADMIN_PATH) || path.startsWith(ADMIN_PATH + "/") ? ADMIN : API;
    }

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    static Optional<Scope> fromWireName(String name) {
        return Arrays.stream(values()).filter(s -> s.wireName().equals(name)).findFirst();
    }
}
