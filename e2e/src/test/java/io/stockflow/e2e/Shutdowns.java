package io.stockflow.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * Load on a service while it is sent SIGTERM, and what became of every request: answered, refused
 * (503, or no connection), or cut off after it was sent. A command cut off is sent again with its
 * Idempotency-Key to the next instance: answered as a replay, it had been applied and its answer
 * lost, which a graceful shutdown must not do.
 */
final class Shutdowns {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    private Shutdowns() {
    }

    /** One request as sent: its status (negative for a replay), or 0 when it failed with {@code failure} instead. */
    record Sent(Call call, String key, int status, Throwable failure) {

        boolean neverStarted() {
            return failure instanceof ConnectException || status == 503;
        }
    }

    /** One kind of request a client sends again and again. */
    record Call(String method, String url, String apiKey, Map<String, Object> body) {

        Sent send(String key) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                    .header("X-API-Key", apiKey);
            try {
                if (body == null) {
                    request.GET();
                } else {
                    request.header("Content-Type", "application/json").header("Idempotency-Key", key)
                            .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
                }
                HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
                boolean replayed = "true".equals(response.headers().firstValue("Idempotent-Replayed").orElse(null));
                return new Sent(this, key, replayed ? -response.statusCode() : response.statusCode(), null);
            } catch (IOException e) {
                return new Sent(this, key, 0, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Sent(this, key, 0, e);
            }
        }
    }

    static Call command(String url, String apiKey, Map<String, Object> body) {
        return new Call("POST", url, apiKey, body);
    }

    static Call read(String url, String apiKey) {
        return new Call("GET", url, apiKey, null);
    }

    /**
     * {@code clients} threads send their call until the service refuses one or cannot be reached;
     * {@code before} after they start, the service gets SIGTERM, and must exit within a minute.
     */
    static Load underLoad(int clients, Duration before, ServiceProcess service, IntFunction<Call> callOfClient)
            throws Exception {
        ConcurrentLinkedQueue<Sent> sent = new ConcurrentLinkedQueue<>();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        for (int client = 0; client < clients; client++) {
            Call call = callOfClient.apply(client);
            pool.submit(() -> {
                Sent last;
                do {
                    last = call.send(UUID.randomUUID().toString());
                    sent.add(last);
                } while (last.failure() == null && last.status() != 503);
            });
        }
        ServiceProcess.sleep(before.toMillis());
        service.terminate();
        int exit = service.awaitExit(Duration.ofSeconds(60));
        pool.shutdown();
        if (exit < 0 || !pool.awaitTermination(60, TimeUnit.SECONDS)) {
            throw new AssertionError("the service did not exit within a minute of SIGTERM, or its clients hung; see " + service.log());
        }
        return new Load(new ArrayList<>(sent));
    }

    /** What the clients sent. */
    record Load(List<Sent> sent) {
    }

    /**
     * What became of the requests. A command cut off (sent, then its connection closed without an
     * answer) is sent again, to the next instance, with its key: answered as a replay, it had been
     * applied and its answer lost. A read cut off cannot be told apart from one whose connection was
     * still waiting to be accepted when the server closed (under load, even one sent before
     * SIGTERM); it changed nothing and is only counted.
     */
    static Outcome settle(Load load) {
        List<Sent> committedButUnanswered = new ArrayList<>();
        List<Sent> applied = new ArrayList<>();
        Set<Integer> statuses = new TreeSet<>();
        int cut = 0;
        for (Sent each : load.sent()) {
            if (each.status() != 0) {
                statuses.add(Math.abs(each.status()));
            }
            if (each.status() == 200) {
                applied.add(each);
            } else if (each.failure() != null && !each.neverStarted()) {
                cut++;
                if (each.call().body() == null) {
                    continue;
                }
                Sent again = each.call().send(each.key());
                if (again.status() == -200) {
                    committedButUnanswered.add(each); // applied, but its answer was lost in the shutdown
                    applied.add(again);
                } else if (again.status() == 200) {
                    applied.add(again); // had never been applied
                }
            }
        }
        return new Outcome(statuses, committedButUnanswered, applied, cut);
    }

    record Outcome(Set<Integer> statuses, List<Sent> committedButUnanswered, List<Sent> applied, int cut) {

        long appliedDeltas(String field) {
            return applied.stream().mapToLong(sent -> ((Number) sent.call().body().get(field)).longValue()).sum();
        }
    }
}
