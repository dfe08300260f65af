package io.stockflow.e2e.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stockflow.e2e.ConsistencyChecker;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * After a scenario: every acknowledged command is in its level (onHand and version are what the
 * applied commands make them), exactly once in the ledger (found by its key, the entry's reference),
 * and nothing else is; no two acknowledgements name the same version of a level; and every catalog
 * shows the levels, with the warehouse's versions in Redis, within the bound.
 */
public final class Verification {

    /** Where to look, and with which keys. */
    public record Target(List<String> warehouseUrls, List<String> catalogUrls, String readKey, String serviceKey,
            String redisUrl) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Target target;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    public Verification(Target target) {
        this.target = target;
    }

    /** What the applied commands make of each level. */
    record Expected(long onHand, long version, Set<String> keys) {
    }

    static Map<Level, Expected> expected(List<Level> levels, List<Outcome> outcomes) {
        Map<Level, Expected> expected = new HashMap<>();
        levels.forEach(level -> expected.put(level, new Expected(0, 0, new HashSet<>())));
        for (Outcome outcome : outcomes) {
            if (outcome.applied()) {
                Expected e = expected.get(outcome.level());
                e.keys().add(outcome.key());
                expected.put(outcome.level(), new Expected(e.onHand() + outcome.delta(), e.version() + 1, e.keys()));
            }
        }
        return expected;
    }

    /** The write side's problems: levels, ledger, acknowledged versions. Empty when none. */
    public List<String> checkWarehouse(List<Level> levels, List<Outcome> outcomes) throws IOException, InterruptedException {
        List<String> problems = new ArrayList<>();
        outcomes.stream().filter(o -> o.verdict() == Outcome.Verdict.UNRESOLVED)
                .forEach(o -> problems.add("no definite answer for " + o.key() + " on " + o.level() + ": " + o.attempts()));
        Map<Level, Expected> expected = expected(levels, outcomes);
        Map<String, Level> keyLevel = new HashMap<>();
        outcomes.forEach(o -> keyLevel.put(o.key(), o.level()));

        Map<Level, Set<Long>> acked = new HashMap<>();
        for (Outcome o : outcomes) {
            if (o.applied() && o.version() > 0 && !acked.computeIfAbsent(o.level(), l -> new HashSet<>()).add(o.version())) {
                problems.add(o.level() + ": version " + o.version() + " acknowledged to two commands");
            }
        }

        Set<String> products = new LinkedHashSet<>();
        levels.forEach(level -> products.add(level.productId()));
        for (String product : products) {
            HttpResponse<String> response = get(target.warehouseUrls(), "/v1/inventory/product/" + encode(product), target.readKey());
            Map<String, JsonNode> levelsNow = new HashMap<>();
            if (response.statusCode() == 200) {
                JSON.readTree(response.body()).path("warehouses").forEach(l -> levelsNow.put(l.path("warehouseId").asText(), l));
            } else if (response.statusCode() != 404) {
                problems.add(product + ": warehouse answered " + response.statusCode());
                continue;
            }
            Map<Level, Map<String, Integer>> ledger = ledger(product);
            for (Level level : levels) {
                if (!level.productId().equals(product)) {
                    continue;
                }
                Expected e = expected.get(level);
                JsonNode now = levelsNow.get(level.warehouseId());
                long onHand = now == null ? 0 : now.path("onHand").asLong();
                long version = now == null ? 0 : now.path("version").asLong();
                if (onHand != e.onHand() || version != e.version()) {
                    problems.add(level + ": warehouse has onHand " + onHand + " version " + version + ", the "
                            + e.keys().size() + " acknowledged commands make onHand " + e.onHand() + " version " + e.version());
                }
                Map<String, Integer> entries = ledger.getOrDefault(level, Map.of());
                for (String key : e.keys()) {
                    int times = entries.getOrDefault(key, 0);
                    if (times != 1) {
                        problems.add(level + ": acknowledged command " + key + " is " + times + " times in the ledger");
                    }
                }
                entries.forEach((key, times) -> {
                    if (!e.keys().contains(key)) {
                        problems.add(level + ": the ledger holds " + key + " (" + times + "x), which was "
                                + (keyLevel.containsKey(key) ? "not acknowledged" : "never sent"));
                    }
                });
            }
        }
        return problems;
    }

    /** Ledger entries per level: how many times each reference appears. */
    private Map<Level, Map<String, Integer>> ledger(String product) throws IOException, InterruptedException {
        Map<Level, Map<String, Integer>> entries = new HashMap<>();
        String cursor = null;
        do {
            String path = "/v1/inventory/product/" + encode(product) + "/movements?limit=1000"
                    + (cursor == null ? "" : "&cursor=" + encode(cursor));
            HttpResponse<String> response = get(target.warehouseUrls(), path, target.readKey());
            if (response.statusCode() == 404) {
                return entries;
            }
            if (response.statusCode() != 200) {
                throw new IOException("movements of " + product + ": " + response.statusCode() + " " + response.body());
            }
            JsonNode page = JSON.readTree(response.body());
            for (JsonNode item : page.path("items")) {
                Level level = new Level(product, item.path("warehouseId").asText());
                entries.computeIfAbsent(level, l -> new HashMap<>()).merge(item.path("reference").asText(""), 1, Integer::sum);
            }
            cursor = page.path("nextCursor").isTextual() ? page.path("nextCursor").asText() : null;
        } while (cursor != null && !cursor.isEmpty());
        return entries;
    }

    /**
     * Waits until every catalog shows each level as the applied commands left it, Redis holds the
     * warehouse's versions, and the consistency checker finds no difference anywhere; how long that
     * took, or -1 when it did not happen within {@code bound} ({@code lastDifference} says what was still off).
     */
    public long awaitCatalog(List<Level> levels, List<Outcome> outcomes, Duration bound, StringBuilder lastDifference) {
        Map<Level, Expected> expected = expected(levels, outcomes);
        long start = System.nanoTime();
        Vertx vertx = Vertx.vertx();
        Redis redis = Redis.createClient(vertx, target.redisUrl());
        try {
            while (true) {
                String difference;
                try {
                    difference = catalogDifference(levels, expected, redis);
                } catch (Exception e) {
                    difference = "could not read: " + e.getMessage();
                }
                if (difference == null) {
                    return (System.nanoTime() - start) / 1_000_000;
                }
                lastDifference.setLength(0);
                lastDifference.append(difference);
                if (System.nanoTime() - start > bound.toNanos()) {
                    return -1;
                }
                Workload.pause(250);
            }
        } finally {
            redis.close();
            vertx.close();
        }
    }

    private String catalogDifference(List<Level> levels, Map<Level, Expected> expected, Redis redis) throws Exception {
        List<Request> requests = new ArrayList<>();
        levels.forEach(level -> requests.add(Request.cmd(Command.HGET).arg(level.redisKey()).arg("version")));
        List<Response> versions = redis.batch(requests).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        for (int i = 0; i < levels.size(); i++) {
            long want = expected.get(levels.get(i)).version();
            long have = versions.get(i) == null ? 0 : versions.get(i).toLong();
            if (want != have) {
                return levels.get(i) + ": Redis has version " + have + ", the warehouse " + want;
            }
        }
        Set<String> products = new LinkedHashSet<>();
        levels.forEach(level -> products.add(level.productId()));
        ObjectNode body = JSON.createObjectNode();
        products.forEach(body.putArray("productIds")::add);
        int answering = 0;
        for (String catalog : target.catalogUrls()) {
            HttpResponse<String> response;
            try {
                response = http.send(HttpRequest.newBuilder(URI.create(catalog + "/v1/products/batch"))
                    .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                    .header("X-API-Key", target.readKey()).POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(),
                    HttpResponse.BodyHandlers.ofString());
            } catch (java.net.ConnectException down) {
                continue; // a catalog a fault left down: the others must show it all
            }
            answering++;
            if (response.statusCode() != 200) {
                return catalog + " answered " + response.statusCode();
            }
            JsonNode found = JSON.readTree(response.body()).path("products");
            for (Level level : levels) {
                long want = expected.get(level).onHand();
                JsonNode shown = found.path(level.productId()).path("stock").path("warehouses").path(level.warehouseId());
                long have = shown.path("onHand").asLong(0);
                if (want != have) {
                    return catalog + " shows " + level + " onHand " + have + ", the warehouse " + want;
                }
            }
        }
        if (answering == 0) {
            return "no catalog answers";
        }
        ConsistencyChecker.Report report = null;
        for (String warehouse : target.warehouseUrls()) {
            try (ConsistencyChecker checker = new ConsistencyChecker(warehouse, target.serviceKey(), target.redisUrl())) {
                report = checker.check();
                break;
            } catch (IllegalStateException down) {
                // the next replica
            }
        }
        if (report == null) {
            return "no warehouse answers the consistency checker";
        }
        return report.consistent() ? null
                : report.differences().size() + " level(s) differ, e.g. " + report.differences().get(0);
    }

    /** The first warehouse that answers. */
    private HttpResponse<String> get(List<String> urls, String path, String key) throws IOException, InterruptedException {
        IOException last = null;
        for (int round = 0; round < 20; round++) {
            for (String url : urls) {
                try {
                    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url + path))
                            .timeout(Duration.ofSeconds(10)).header("X-API-Key", key).GET().build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() != 503) {
                        return response;
                    }
                } catch (IOException e) {
                    last = e;
                }
            }
            Workload.pause(500);
        }
        throw new IOException("no warehouse answered " + path, last);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
