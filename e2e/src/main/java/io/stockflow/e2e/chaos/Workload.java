package io.stockflow.e2e.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.LongAdder;

/**
 * A recorded workload: {@code clients} threads send adjustments with Idempotency-Keys to the
 * warehouses in turn (as a load balancer would), and readers read the products from the catalogs.
 * A command without a definite answer (no connection, cut off, timeout, 5xx, 429, a key still in
 * progress) is sent again with the same key, to the next warehouse, until it gets one or its
 * deadline passes. Each command names its key as its ledger {@code reference}, so the ledger shows
 * which commands it holds. Every attempt's status is counted.
 */
public final class Workload implements AutoCloseable {

    public record Settings(List<String> warehouseUrls, List<String> catalogUrls, String writeKey, String readKey,
            int clients, Duration thinkTime, Duration commandDeadline) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Settings settings;
    private final List<Level> levels;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private final ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
    private final Map<String, LongAdder> commandStatuses = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> readStatuses = new ConcurrentHashMap<>();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running = true;

    public Workload(Settings settings, List<Level> levels) {
        this.settings = settings;
        this.levels = List.copyOf(levels);
    }

    public Workload start() {
        for (int client = 0; client < settings.clients(); client++) {
            int id = client;
            threads.add(started(new Thread(() -> writeLoop(id), "chaos-client-" + id)));
        }
        if (!settings.catalogUrls().isEmpty()) {
            threads.add(started(new Thread(this::readLoop, "chaos-reader")));
        }
        return this;
    }

    /** Stops sending new commands; waits for the ones under way to get their answer (or reach their deadline). */
    public List<Outcome> stop() throws InterruptedException {
        running = false;
        for (Thread thread : threads) {
            thread.join(settings.commandDeadline().toMillis() + 30_000);
        }
        return List.copyOf(outcomes);
    }

    public Map<String, Long> commandStatuses() {
        return snapshot(commandStatuses);
    }

    public Map<String, Long> readStatuses() {
        return snapshot(readStatuses);
    }

    private void writeLoop(int client) {
        SplittableRandom random = new SplittableRandom(client * 7919L + System.nanoTime());
        int turn = client;
        while (running) {
            Level level = levels.get(random.nextInt(levels.size()));
            // mostly receipts; some removals, of which those finding too little stock are a client's mistake (409)
            long delta = random.nextInt(5) == 0 ? -(1 + random.nextInt(3)) : 1 + random.nextInt(5);
            outcomes.add(send(level, UUID.randomUUID().toString(), delta, turn++));
            pause(settings.thinkTime().toMillis());
        }
    }

    /** One command, sent until it gets a definite answer. */
    Outcome send(Level level, String key, long delta, int turn) {
        String body = "{\"productId\":\"" + level.productId() + "\",\"warehouseId\":\"" + level.warehouseId()
                + "\",\"delta\":" + delta + ",\"reason\":\"" + (delta > 0 ? "received" : "sold")
                + "\",\"reference\":\"" + key + "\"}";
        long deadline = System.nanoTime() + settings.commandDeadline().toNanos();
        List<String> attempts = new ArrayList<>();
        long backoff = 100;
        for (int attempt = 0; ; attempt++) {
            String url = settings.warehouseUrls().get((turn + attempt) % settings.warehouseUrls().size());
            HttpRequest request = HttpRequest.newBuilder(URI.create(url + "/v1/inventory/adjustments"))
                    .timeout(Duration.ofSeconds(15)).header("Content-Type", "application/json")
                    .header("X-API-Key", settings.writeKey()).header("Idempotency-Key", key)
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
            String status;
            long retryAfter = 0;
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                int code = response.statusCode();
                boolean replayed = response.headers().firstValue("Idempotent-Replayed").isPresent();
                status = code + (replayed ? " replay" : "");
                if ((code == 503 || code == 429) && response.headers().firstValue("Retry-After").isEmpty()) {
                    status += " without Retry-After";
                }
                retryAfter = response.headers().firstValue("Retry-After").map(Workload::seconds).orElse(0L);
                if (code == 200) {
                    count(commandStatuses, status);
                    attempts.add(status);
                    return new Outcome(level, key, delta, attempts, Outcome.Verdict.APPLIED,
                            JSON.readTree(response.body()).path("version").asLong(-1));
                }
                if (code >= 400 && code < 500 && code != 408 && code != 429
                        && !response.body().contains("idempotency_in_progress")) {
                    count(commandStatuses, status);
                    attempts.add(status);
                    return new Outcome(level, key, delta, attempts, Outcome.Verdict.REFUSED, -1);
                }
            } catch (ConnectException e) {
                status = "no connection";
            } catch (HttpTimeoutException e) {
                status = "timeout";
            } catch (IOException e) {
                status = "cut off";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                status = "interrupted";
            }
            count(commandStatuses, status);
            attempts.add(status);
            if (System.nanoTime() - deadline >= 0 || Thread.currentThread().isInterrupted()) {
                return new Outcome(level, key, delta, attempts, Outcome.Verdict.UNRESOLVED, -1);
            }
            pause(Math.min(Math.max(backoff, Math.min(retryAfter, 1) * 1000), 1000));
            backoff = Math.min(backoff * 2, 1000);
        }
    }

    private void readLoop() {
        SplittableRandom random = new SplittableRandom();
        int turn = 0;
        while (running) {
            String url = settings.catalogUrls().get(turn++ % settings.catalogUrls().size());
            Level level = levels.get(random.nextInt(levels.size()));
            HttpRequest request = HttpRequest.newBuilder(URI.create(url + "/v1/products/" + level.productId()))
                    .timeout(Duration.ofSeconds(5)).header("X-API-Key", settings.readKey()).GET().build();
            try {
                count(readStatuses, Integer.toString(http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode()));
            } catch (ConnectException e) {
                count(readStatuses, "no connection");
            } catch (HttpTimeoutException e) {
                count(readStatuses, "timeout");
            } catch (IOException e) {
                count(readStatuses, "cut off");
            } catch (InterruptedException e) {
                return;
            }
            pause(50);
        }
    }

    private static Thread started(Thread thread) {
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static long seconds(String retryAfter) {
        try {
            return Long.parseLong(retryAfter.trim());
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    private static void count(Map<String, LongAdder> counts, String status) {
        counts.computeIfAbsent(status, s -> new LongAdder()).increment();
    }

    private static Map<String, Long> snapshot(Map<String, LongAdder> counts) {
        Map<String, Long> copy = new java.util.TreeMap<>();
        counts.forEach((status, n) -> copy.put(status, n.sum()));
        return copy;
    }

    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (running) {
            stop();
        }
    }

    static JsonNode json(String body) throws IOException {
        return JSON.readTree(body);
    }
}
