package io.stockflow.support.ratelimit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Who a request is counted against (a client id) and where that count lives in Redis: one key per
 * service, scope and client, {@code stockflow:ratelimit:<service>:<api|admin>:<clientId>}, holding
 * the count of that client's current window (claimed a block at a time, {@link Allowances}). Client ids:
 * {@code principal:<name>}, {@code apikey:<SHA-256 of the key, hex>} (never the secret itself),
 * {@code ip:<address>}, {@code global}.
 */
public final class RateLimitKeys {

    static final String PREFIX = "stockflow:ratelimit:";
    static final String GLOBAL = "global";

    private final String servicePrefix;

    public RateLimitKeys(String service) {
        this.servicePrefix = PREFIX + service + ":";
    }

    public String key(Scope scope, String clientId) {
        return servicePrefix + scope.wireName() + ":" + clientId;
    }

    /** A SCAN pattern for every key of this service. */
    public String pattern() {
        return servicePrefix + "*";
    }

    /** The scope and client id of one of this service's keys; empty for any other key. */
    public Optional<Counted> parse(String key) {
        if (!key.startsWith(servicePrefix)) {
            return Optional.empty();
        }
        String rest = key.substring(servicePrefix.length());
        int colon = rest.indexOf(':');
        if (colon < 0) {
            return Optional.empty();
        }
        return Scope.fromWireName(rest.substring(0, colon)).map(scope -> new Counted(scope, rest.substring(colon + 1)));
    }

    public record Counted(Scope scope, String clientId) {
    }

    /**
     * The client ids a request is counted against: one, or two for {@link RateLimitType#BOTH}.
     *
     * @param principal the authenticated principal's name, or null
     * @param apiKey the X-API-Key header, or null
     * @param address the client's address as the HTTP layer resolved it
     */
    public static List<String> clientIds(RateLimitType type, String principal, String apiKey, String address) {
        return switch (type) {
            case GLOBAL -> List.of(GLOBAL);
            case IP -> List.of(ip(address));
            case KEY -> List.of(keyIdentity(principal, apiKey, address));
            case BOTH -> {
                String key = keyIdentity(principal, apiKey, address);
                String ip = ip(address);
                yield key.equals(ip) ? List.of(ip) : List.of(ip, key);
            }
        };
    }

    private static String keyIdentity(String principal, String apiKey, String address) {
        if (principal != null && !principal.isEmpty()) {
            return "principal:" + principal;
        }
        if (apiKey != null && !apiKey.isEmpty()) {
            return "apikey:" + sha256(apiKey);
        }
        return ip(address);
    }

    private static String ip(String address) {
        return "ip:" + (address == null ? "unknown" : address);
    }

    static String sha256(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
