package io.stockflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stockflow.testsupport.PostgresDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two replicas of the packaged warehouse behind "one address" (requests alternate between them),
 * sharing one PostgreSQL database and one Redis: a client gets its budget once, not once per replica.
 * Authentication is off, so a client is the SHA-256 of the API key it sends.
 */
class RateLimitAcrossReplicasTest {

    /** Large enough that each replica claims its share in blocks of 10 (a fiftieth of the budget). */
    static final int BUDGET = 500;
    static final int BLOCK = BUDGET / 50;
    static final int REQUESTS = 4 * BUDGET;
    static final String DB = "jdbc:postgresql://127.0.0.1:5432/e2e_rl_" + ProcessHandle.current().pid();
    static ServiceProcess first;
    static ServiceProcess second;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void startTwoReplicas() throws Exception {
        PostgresDatabase.createIfMissing(DB);
        Map<String, String> env = Map.of(
                "WAREHOUSE_DB_URL", DB,
                "OUTBOX_RELAY_ENABLED", "false",
                "KAFKA_HEALTH_ENABLED", "false", // no broker in this test
                "AUTH_ENABLED", "false",
                "RATE_LIMIT_ENABLED", "true",
                "RATE_LIMIT_TYPE", "key",
                "RATE_LIMIT_REQUESTS_PER_MINUTE", Integer.toString(BUDGET),
                "RATE_LIMIT_WINDOW", "60s",
                "RATE_LIMIT_REDIS_URL", StockflowSystem.REDIS_URL);
        first = new ServiceProcess("warehouse-replica-1", "warehouse-service", env);
        second = new ServiceProcess("warehouse-replica-2", "warehouse-service", env);
        first.start();
        second.start();
    }

    @AfterAll
    static void stopReplicas() throws Exception {
        for (ServiceProcess replica : new ServiceProcess[] {first, second}) {
            if (replica != null) {
                replica.stop();
            }
        }
        try (var c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "");
                var s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + DB.substring(DB.lastIndexOf('/') + 1) + " WITH (FORCE)");
        }
    }

    @Test
    void shouldGiveAClientItsBudgetOnceAcrossTwoReplicas() throws Exception {
        String key = "replicas-" + UUID.randomUUID();
        // a replica's very first requests open its Redis connections; past the timeout they would pass
        // uncounted (fail open), which is not what this test is about
        for (ServiceProcess replica : new ServiceProcess[] {first, second}) {
            for (int i = 0; i < 8; i++) {
                assertThat(get(replica, "/v1/warehouses", "warm-up-" + i).statusCode()).isEqualTo(200);
            }
        }
        ExecutorService clients = Executors.newFixedThreadPool(8);
        List<Future<Integer>> statuses = new ArrayList<>();
        try {
            for (int i = 0; i < REQUESTS; i++) {
                ServiceProcess replica = i % 2 == 0 ? first : second;
                statuses.add(clients.submit(() -> get(replica, "/v1/warehouses", key).statusCode()));
            }
            int[] allowedBy = new int[2];
            int[] refusedBy = new int[2];
            for (int i = 0; i < REQUESTS; i++) {
                int status = statuses.get(i).get();
                assertThat(status).isIn(200, 429);
                (status == 200 ? allowedBy : refusedBy)[i % 2]++;
            }
            int allowed = allowedBy[0] + allowedBy[1];
            // never more than the budget; less only by what a replica claimed and did not use (a block each)
            assertThat(allowed).as("allowed by both replicas together").isBetween(BUDGET - 2 * BLOCK, BUDGET);
            assertThat(allowedBy).as("each replica served some").doesNotContain(0);
            assertThat(refusedBy).as("each replica refused some").doesNotContain(0);
        } finally {
            clients.shutdownNow();
        }

        // the second replica's status counts what both claimed (each one alone claimed about half); once
        // spent, a replica refuses without asking Redis, so at most one refused claim of each is counted
        String body = get(second, "/v1/admin/rate-limit/status", "an-operator").body();
        assertThat(body).doesNotContain(key);
        JsonNode client = null;
        for (JsonNode each : new ObjectMapper().readTree(body).get("currentClients")) {
            if (each.get("clientId").asText().equals("apikey:" + sha256(key))) {
                client = each;
            }
        }
        assertThat(client).as("the client in " + body).isNotNull();
        assertThat(client.get("requestCount").asInt()).isBetween(BUDGET, BUDGET + 2 * BLOCK);
        assertThat(client.get("isBlocked").asBoolean()).isTrue();
    }

    private static String sha256(String key) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
    }

    private HttpResponse<String> get(ServiceProcess replica, String path, String key) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(replica.url() + path)).header("X-API-Key", key)
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
