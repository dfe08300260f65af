package io.stockflow.catalog.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.stockflow.events.LevelState;
import io.stockflow.events.StockEvents;
import io.stockflow.testsupport.TestKeys;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Stands in for the warehouse service's two read APIs ({@code POST /v1/batch/stock},
 * {@code POST /v1/inventory/recently-updated}), served from levels the tests put here. Like the real
 * one it answers only the catalog's service key ({@link TestKeys#SERVICE}), with 401 otherwise; its
 * paging is held to the real one's by {@code RecentlyUpdatedContract} (FakeWarehouseContractTest).
 */
public class FakeWarehouse implements QuarkusTestResourceLifecycleManager {

    private static final ObjectMapper MAPPER = StockEvents.mapper();
    private static final Map<String, LevelState> LEVELS = new ConcurrentHashMap<>();
    private static volatile CountDownLatch bulkGate;
    private static volatile CountDownLatch bulkEntered;
    private static volatile String heldProductId;
    private static volatile boolean down;
    private static final List<String> KEYS_SEEN = new CopyOnWriteArrayList<>();
    private HttpServer server;

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/v1/batch/stock", exchange -> {
            if (authenticated(exchange)) {
                respond(exchange, batchStock(read(exchange)));
            }
        });
        server.createContext("/v1/inventory/recently-updated", exchange -> {
            if (authenticated(exchange)) {
                respond(exchange, recentlyUpdated(read(exchange)));
            }
        });
        server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
        server.start();
        return Map.of("quarkus.rest-client.warehouse.url", "http://127.0.0.1:" + server.getAddress().getPort(),
                "catalog.warehouse-api-key", TestKeys.SERVICE);
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    /** From now on every call is answered 503, as by a warehouse that is restarting; {@link #up()} ends it. */
    public static void down() {
        down = true;
    }

    public static void up() {
        down = false;
    }

    /** The X-API-Key of every call so far (null for a call without one), oldest first. */
    public static List<String> keysSeen() {
        return List.copyOf(KEYS_SEEN);
    }

    /** Makes the warehouse hold this level (the newest wins, as in the real one). */
    public static void put(LevelState level) {
        LEVELS.merge(level.productId() + "|" + level.warehouseId(), level,
                (old, fresh) -> fresh.version() >= old.version() ? fresh : old);
    }

    /**
     * Holds the bulk call that asks for {@code productId} until {@link #releaseBulkCalls()}, with the
     * answer it had on arrival; returns a latch that opens once it waits, so a test can act meanwhile.
     */
    public static CountDownLatch holdBulkCallsFor(String productId) {
        bulkEntered = new CountDownLatch(1);
        bulkGate = new CountDownLatch(1);
        heldProductId = productId;
        return bulkEntered;
    }

    public static void releaseBulkCalls() {
        CountDownLatch gate = bulkGate;
        bulkGate = null;
        heldProductId = null;
        if (gate != null) {
            gate.countDown();
        }
    }

    private static Object batchStock(JsonNode request) {
        // capture the answer before waiting: a held call returns the snapshot of when it arrived
        Map<String, Object> stocks = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        for (JsonNode idNode : request.path("productIds")) {
            String id = idNode.asText();
            List<LevelState> levels = LEVELS.values().stream().filter(l -> l.productId().equals(id))
                    .sorted(Comparator.comparing(LevelState::warehouseId)).toList();
            if (levels.isEmpty()) {
                missing.add(id);
            } else {
                stocks.put(id, Map.of(
                        "onHand", levels.stream().mapToLong(LevelState::onHand).sum(),
                        "reserved", levels.stream().mapToLong(LevelState::reserved).sum(),
                        "available", levels.stream().mapToLong(LevelState::available).sum(),
                        "warehouses", levels));
            }
        }
        CountDownLatch gate = bulkGate;
        boolean held = heldProductId != null && (stocks.containsKey(heldProductId) || missing.contains(heldProductId));
        if (gate != null && held) {
            bulkEntered.countDown();
            try {
                gate.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return Map.of("stocks", stocks, "missing", missing);
    }

    private static Object recentlyUpdated(JsonNode request) {
        int limit = request.path("limit").asInt(1000);
        Instant since = request.hasNonNull("since") ? Instant.parse(request.get("since").asText()) : null;
        String cursor = request.hasNonNull("cursor") ? request.get("cursor").asText() : null;
        List<LevelState> ordered = LEVELS.values().stream().sorted(Comparator.comparing(FakeWarehouse::key)).toList();
        List<LevelState> after = new ArrayList<>();
        for (LevelState level : ordered) {
            boolean newer = cursor != null ? key(level).compareTo(cursor) > 0
                    : since == null || level.updatedAt().isAfter(since);
            if (newer) {
                after.add(level);
            }
        }
        List<LevelState> page = after.subList(0, Math.min(limit, after.size()));
        // as the real one, every page answers a cursor to poll from, an empty first page too (that one
        // stands after every change up to since: '}' sorts after the '|' that follows a key's time)
        String next = !page.isEmpty() ? key(page.get(page.size() - 1))
                : cursor != null ? cursor
                : since == null ? "" : String.format("%020d.%09d}", since.getEpochSecond(), since.getNano());
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("items", page);
        response.put("nextCursor", next);
        response.put("hasMore", after.size() > page.size());
        return response;
    }

    /**
     * The change order, and the cursor in it: fixed-width time to the nanosecond, then product and
     * warehouse. Pages and cursors both sort by it (a separate comparator and a cursor in milliseconds
     * once disagreed within a millisecond, and a page boundary there skipped levels).
     */
    private static String key(LevelState level) {
        Instant at = level.updatedAt();
        return String.format("%020d.%09d|%s|%s", at.getEpochSecond(), at.getNano(), level.productId(),
                level.warehouseId());
    }

    private static boolean authenticated(HttpExchange exchange) throws IOException {
        String key = exchange.getRequestHeaders().getFirst(TestKeys.HEADER);
        KEYS_SEEN.add(key);
        if (TestKeys.SERVICE.equals(key)) {
            return true;
        }
        byte[] problem = "{\"status\":401,\"errorType\":\"unauthorized\"}".getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/problem+json");
        exchange.sendResponseHeaders(401, problem.length);
        exchange.getResponseBody().write(problem);
        exchange.close();
        return false;
    }

    private static JsonNode read(HttpExchange exchange) throws IOException {
        return MAPPER.readTree(exchange.getRequestBody());
    }

    private static void respond(HttpExchange exchange, Object body) throws IOException {
        if (down) {
            exchange.sendResponseHeaders(503, -1);
            exchange.close();
            return;
        }
        byte[] json = MAPPER.writeValueAsBytes(body);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, json.length);
        exchange.getResponseBody().write(json);
        exchange.close();
    }
}
