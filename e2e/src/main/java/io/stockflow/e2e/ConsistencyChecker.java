package io.stockflow.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Response;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Compares every level the warehouse holds (read through its recently-updated API from the start)
 * with the catalog's Redis state (onHand, reserved, version, the safety-stock-adjusted available,
 * safetyStock, incoming and nextIncomingAt), and lists the differences. Used by the end-to-end tests and by
 * operators: {@code deploy/local/check-consistency.sh}. Reads the warehouse with a key allowed to read
 * (the catalog's {@code service} key will do). Exit code 0 when consistent, 1 otherwise.
 */
public final class ConsistencyChecker implements AutoCloseable {

    /** One level whose catalog state is not the warehouse's. */
    public record Difference(String productId, String warehouseId, String warehouse, String catalog) {
        @Override
        public String toString() {
            return productId + " @ " + warehouseId + ": warehouse " + warehouse + ", catalog " + catalog;
        }
    }

    public record Report(long levelsChecked, List<Difference> differences) {
        public boolean consistent() {
            return differences.isEmpty();
        }
    }

    private static final int PAGE = 1000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String warehouseUrl;
    private final String apiKey;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Vertx vertx = Vertx.vertx();
    private final Redis redis;

    public ConsistencyChecker(String warehouseUrl, String apiKey, String redisUrl) {
        this.warehouseUrl = warehouseUrl.replaceAll("/$", "");
        this.apiKey = apiKey;
        this.redis = Redis.createClient(vertx, redisUrl);
    }

    public Report check() {
        long checked = 0;
        List<Difference> differences = new ArrayList<>();
        String cursor = null;
        boolean more = true;
        while (more) {
            JsonNode page = recentlyUpdated(cursor);
            List<JsonNode> levels = new ArrayList<>();
            page.get("items").forEach(levels::add);
            List<Response> stored = storedLevels(levels);
            for (int i = 0; i < levels.size(); i++) {
                compare(levels.get(i), stored.get(i)).ifPresent(differences::add);
            }
            checked += levels.size();
            cursor = page.get("nextCursor").asText();
            more = page.get("hasMore").asBoolean();
        }
        return new Report(checked, differences);
    }

    private java.util.Optional<Difference> compare(JsonNode level, Response stored) {
        String product = level.get("productId").asText();
        String warehouse = level.get("warehouseId").asText();
        JsonNode next = level.get("nextIncomingAt");
        String expected = describe(level.get("onHand").asLong(), level.get("reserved").asLong(), level.get("version").asLong(),
                level.get("available").asLong(), level.path("safetyStock").asLong(), level.path("incoming").asLong(),
                next == null || next.isNull() ? 0 : Instant.parse(next.asText()).toEpochMilli());
        if (stored == null || stored.size() == 0) {
            return java.util.Optional.of(new Difference(product, warehouse, expected, "missing"));
        }
        String actual = describe(number(stored, "onHand"), number(stored, "reserved"), number(stored, "version"),
                number(stored, "available"), number(stored, "safetyStock"), number(stored, "incoming"),
                number(stored, "nextIncomingAt"));
        return expected.equals(actual) ? java.util.Optional.empty()
                : java.util.Optional.of(new Difference(product, warehouse, expected, actual));
    }

    private static long number(Response hash, String field) {
        Response value = hash.get(field);
        return value == null ? -1 : Long.parseLong(value.toString());
    }

    /** A level's numbers as both sides hold them; nextIncomingAt in epoch milliseconds (0: none), as Redis keeps it. */
    private static String describe(long onHand, long reserved, long version, long available, long safetyStock,
            long incoming, long nextIncomingAtMillis) {
        return "onHand=" + onHand + " reserved=" + reserved + " version=" + version + " available=" + available
                + " safetyStock=" + safetyStock + " incoming=" + incoming + " nextIncomingAt=" + nextIncomingAtMillis;
    }

    /** The catalog's hash of each level, in one pipelined round trip. */
    private List<Response> storedLevels(List<JsonNode> levels) {
        List<Request> requests = levels.stream()
                .map(l -> Request.cmd(Command.HGETALL).arg("catalog:stock:{" + l.get("productId").asText()
                        + "}:warehouse:" + l.get("warehouseId").asText()))
                .toList();
        if (requests.isEmpty()) {
            return List.of();
        }
        try {
            return redis.batch(requests).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("Redis did not answer: " + e.getMessage(), e);
        }
    }

    private JsonNode recentlyUpdated(String cursor) {
        ObjectNode body = JSON.createObjectNode().put("limit", PAGE);
        if (cursor != null) {
            body.put("cursor", cursor);
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(warehouseUrl + "/v1/inventory/recently-updated"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("X-API-Key", apiKey)
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("warehouse answered " + response.statusCode() + ": " + response.body());
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException("warehouse not reachable at " + warehouseUrl + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        redis.close();
        vertx.close();
    }

    public static void main(String[] args) {
        String warehouse = System.getenv().getOrDefault("WAREHOUSE_URL", "http://127.0.0.1:8081");
        String apiKey = System.getenv("WAREHOUSE_API_KEY");
        String redisUrl = System.getenv().getOrDefault("REDIS_URL", "redis://127.0.0.1:6379");
        if (apiKey == null || apiKey.isBlank()) {
            System.err.println("consistency check failed: set WAREHOUSE_API_KEY (a read or service key of the warehouse)");
            System.exit(2);
        }
        int shown = Integer.parseInt(System.getenv().getOrDefault("CHECK_SHOW", "50"));
        try (ConsistencyChecker checker = new ConsistencyChecker(warehouse, apiKey, redisUrl)) {
            Report report = checker.check();
            report.differences().stream().limit(shown).forEach(d -> System.out.println("DIFF " + d));
            if (report.differences().size() > shown) {
                System.out.println("... and " + (report.differences().size() - shown) + " more");
            }
            System.out.printf("checked %d levels: %d difference(s)%n", report.levelsChecked(), report.differences().size());
            System.exit(report.consistent() ? 0 : 1);
        } catch (IllegalStateException e) {
            System.err.println("consistency check failed: " + e.getMessage());
            System.exit(2);
        }
    }
}
