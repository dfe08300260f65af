package io.stockflow.support.ratelimit;

/** RATE_LIMIT_TYPE: what a request is counted against. */
public enum RateLimitType {
    /** the client's address (behind a proxy only if TRUST_PROXY_HEADERS lets Quarkus read X-Forwarded-For) */
    IP,
    /** the authenticated principal, else the API key sent, else the address */
    KEY,
    /** one budget for every client of this service together */
    GLOBAL,
    /** the address and the key: a request must fit both */
    BOTH;

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
