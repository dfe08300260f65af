package io.stockflow.catalog.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.stockflow.testsupport.LocalRedisCluster;
import io.stockflow.testsupport.RateLimits;
import io.stockflow.testsupport.RedisTestServer;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The rate limiter's counters on a Redis Cluster whose first seed hangs (SIGSTOP: its port accepts, nothing is
 * answered). Its cluster client reads the slot map from the seeds in order, with no timeout of its own: without a
 * read idle timeout (service-support's RedisLiveness) every request would pass uncounted for as long as the node
 * hung. With it, requests are counted again once the cluster has flagged the node as failing; those that meet a
 * slot-map read stuck on the hung seed pass uncounted (fail open), never refused and never slow.
 */
@QuarkusTest
@TestProfile(RateLimitHungNodeTest.Generous.class)
@EnabledIfSystemProperty(named = RedisTestServer.PROPERTY, matches = "cluster")
class RateLimitHungNodeTest {

    private static final Duration RESUME = Duration.ofSeconds(20);
    /** The limiter's own timeout (500 ms) with room for a loaded machine. */
    private static final Duration REQUEST = Duration.ofSeconds(3);

    public static class Generous implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // every client a new key (authentication off): each request's count is a Redis round trip
            return RateLimits.on("requests-per-minute", "600", "redis.retry-after-failure", "0s");
        }
    }

    @Test
    void shouldCountRequestsAgainOnceAHungFirstSeedIsFlaggedFailing() throws Exception {
        String urls = ConfigProvider.getConfig().getValue("stockflow.rate-limit.redis.url", String.class);
        int hung = URI.create(urls.split(",")[0]).getPort(); // the client's seeds are the URL's, in order
        LocalRedisCluster.makeReplica(hung);
        assertThat(counted()).as("counted before the node hangs").isTrue();
        LocalRedisCluster.freeze(hung);
        try {
            for (int master : LocalRedisCluster.masters()) {
                LocalRedisCluster.cli(master, "CLIENT", "KILL", "TYPE", "normal"); // new connections, new slot maps
            }
            LocalRedisCluster.awaitFailed(hung);
            await().atMost(RESUME).until(this::counted);

            int counted = 0;
            int requests = 0;
            long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (System.nanoTime() < end) {
                requests++;
                counted += counted() ? 1 : 0;
                Thread.sleep(50);
            }
            // each slot-map read (the map is kept a second) first waits out the hung seed's 2.5 s (measured: 48 of 60 counted)
            assertThat(counted).as("%d of %d requests counted", counted, requests).isGreaterThan(requests / 3);
        } finally {
            LocalRedisCluster.thaw(hung);
        }
    }

    /**
     * One request of a new client, answered in time, and counted (a budget told) or let through uncounted. An
     * unknown path is counted too, and its answer needs nothing else of Redis (the catalog's own client may
     * have the same first seed).
     */
    private boolean counted() {
        long started = System.nanoTime();
        Response response = given().header("X-API-Key", "hung-" + UUID.randomUUID()).get("/v1/no-such-path");
        response.then().statusCode(404);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(REQUEST);
        return response.header("RateLimit-Limit") != null;
    }
}
