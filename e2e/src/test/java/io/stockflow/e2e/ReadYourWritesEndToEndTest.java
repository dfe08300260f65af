package io.stockflow.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.stockflow.testsupport.TestKeys;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Read-your-writes against the running services and a real broker: 1,000 times (four clients at once,
 * each on products of its own), a command and right after it a catalog read with the command's Stockflow-Consistency token, which must show the write
 * (and every earlier one). Once with the pipeline as it is, once delayed (the relay's producer lingers
 * 60 ms over every event, beyond the read's bound of 25 ms), so that reads are answered both from the
 * cache, after waiting or not, and from the warehouse.
 */
class ReadYourWritesEndToEndTest {

    private static final int ROUNDS = 1000;
    private static final int CLIENTS = 4;
    private static final String TOKEN = "Stockflow-Consistency";
    private static final String SOURCE = "Stockflow-Consistency-Source";

    static StockflowSystem system;
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void startSystem() throws Exception {
        system = new StockflowSystem();
        system.start();
        for (String warehouse : List.of("WH-RYW-1", "WH-RYW-2")) {
            given().contentType(ContentType.JSON).header(TestKeys.HEADER, TestKeys.WRITE)
                    .body(Map.of("warehouseId", warehouse, "name", warehouse))
                    .post(system.warehouse.url() + "/v1/warehouses").then().statusCode(201);
        }
    }

    @AfterAll
    static void stopSystem() throws Exception {
        if (system != null) {
            system.close();
        }
    }

    @Test
    void aReadWithTheTokenAlwaysSeesTheWriteWithThePipelineAsItIs() throws Exception {
        Map<String, Integer> sources = rounds("as it is");
        assertThat(sources.getOrDefault("cache", 0)).isPositive();
    }

    @Test
    void aReadWithTheTokenAlwaysSeesTheWriteWithThePipelineDelayed() throws Exception {
        // the relay's producer holds every event 60 ms (linger) before it sends it, beyond the read's bound
        system.warehouse.stop();
        system.warehouse.envOverride("KAFKA_LINGER_MS", "60");
        system.warehouse.start();
        system.catalog.stop();
        system.catalog.envOverride("CATALOG_CONSISTENCY_MAX_WAIT", "25ms");
        system.catalog.start();
        try {
            Map<String, Integer> sources = rounds("delayed");
            assertThat(sources.getOrDefault("warehouse", 0)).isPositive();
        } finally {
            system.warehouse.stop();
            system.warehouse.envOverride("KAFKA_LINGER_MS", "1");
            system.warehouse.start();
            system.catalog.stop();
            system.catalog.envOverride("CATALOG_CONSISTENCY_MAX_WAIT", "500ms");
            system.catalog.start();
        }
    }

    /**
     * {@link #ROUNDS} writes, each read back at once with its token, by {@link #CLIENTS} clients at once
     * on products of their own; returns how often each source answered.
     */
    private static Map<String, Integer> rounds(String pipeline) throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        List<Future<Client>> running = new ArrayList<>();
        try {
            for (int c = 0; c < CLIENTS; c++) {
                Client client = new Client(c, pipeline);
                running.add(clients.submit(() -> client.run(ROUNDS / CLIENTS)));
            }
            Map<String, Integer> sources = new TreeMap<>();
            List<Long> readMicros = new ArrayList<>(ROUNDS);
            for (Future<Client> each : running) {
                Client client = done(each);
                client.sources.forEach((source, count) -> sources.merge(source, count, Integer::sum));
                readMicros.addAll(client.readMicros);
            }
            readMicros.sort(Long::compare);
            System.out.printf("read-your-writes, pipeline %s: %d rounds by %d clients, answered from %s; read with token "
                    + "p50 %d us, p99 %d us, max %d us%n", pipeline, readMicros.size(), CLIENTS, sources,
                    readMicros.get(readMicros.size() / 2), readMicros.get(readMicros.size() * 99 / 100),
                    readMicros.get(readMicros.size() - 1));
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                    assertThat(system.check().differences()).isEmpty());
            return sources;
        } finally {
            clients.shutdownNow();
        }
    }

    private static Client done(Future<Client> client) throws Exception {
        try {
            return client.get(5, TimeUnit.MINUTES);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Error error) {
                throw error; // a client's failed assertion, as it was
            }
            throw e;
        }
    }

    /** One client's rounds, one after the other, on five products no other client writes. */
    private static final class Client {
        final int id;
        final String pipeline;
        final Map<String, Integer> sources = new TreeMap<>();
        final List<Long> readMicros = new ArrayList<>();
        final List<String> products = new ArrayList<>();

        Client(int id, String pipeline) {
            this.id = id;
            this.pipeline = pipeline;
            for (int p = 0; p < 5; p++) {
                products.add(product()); // here, on the test's thread: RestAssured's given() is not for many threads
            }
        }

        Client run(int rounds) throws Exception {
            Map<String, Long> onHand = new HashMap<>();
            for (int i = 0; i < rounds; i++) {
                String product = products.get(i % products.size());
                String warehouse = i % 3 == 0 ? "WH-RYW-2" : "WH-RYW-1";
                long delta = i < 10 ? 1000 : (i % 2 == 0 ? 3 : -2);
                HttpResponse<String> written = send(post(system.warehouse.url() + "/v1/inventory/adjustments",
                        "{\"productId\":\"" + product + "\",\"warehouseId\":\"" + warehouse + "\",\"delta\":" + delta
                                + ",\"reason\":\"received\"}").header(TestKeys.HEADER, TestKeys.WRITE));
                assertThat(written.statusCode()).as("client %d round %d: the write", id, i).isEqualTo(200);
                String token = written.headers().firstValue(TOKEN).orElseThrow();
                long levelOnHand = new JsonPath(written.body()).getLong("onHand");
                onHand.merge(product, delta, Long::sum);

                long started = System.nanoTime();
                HttpResponse<String> read;
                JsonPath stock;
                if (i % 4 == 3) {
                    read = send(post(system.catalog.url() + "/v1/products/batch", "{\"productIds\":[\"" + product
                            + "\"],\"minVersion\":\"" + token + "\"}").header(TestKeys.HEADER, TestKeys.READ));
                    stock = new JsonPath(read.body()).setRootPath("products.'" + product + "'.stock");
                } else {
                    read = send(HttpRequest.newBuilder(URI.create(system.catalog.url() + "/v1/products/" + product))
                            .header(TestKeys.HEADER, TestKeys.READ).header(TOKEN, token).GET());
                    stock = new JsonPath(read.body()).setRootPath("stock");
                }
                readMicros.add((System.nanoTime() - started) / 1000);
                assertThat(read.statusCode()).as("client %d round %d: the read (%s)", id, i, read.body()).isEqualTo(200);
                String source = read.headers().firstValue(SOURCE).orElseThrow();
                sources.merge(source, 1, Integer::sum);
                assertThat(stock.getLong("warehouses.'" + warehouse + "'.onHand"))
                        .as("client %d round %d (%s, answered from %s): the level just written", id, i, pipeline, source)
                        .isEqualTo(levelOnHand);
                assertThat(stock.getLong("onHand")).as("client %d round %d: every earlier write too", id, i)
                        .isEqualTo(onHand.get(product));
            }
            return this;
        }
    }

    private static HttpRequest.Builder post(String url, String json) {
        return HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String product() {
        String id = "SKU-RYW-" + UUID.randomUUID().toString().substring(0, 8);
        given().contentType(ContentType.JSON).header(TestKeys.HEADER, TestKeys.ADMIN)
                .body(Map.of("products", List.of(Map.of("productId", id, "name", "RYW " + id, "price", 1.5,
                        "currency", "EUR", "category", "Test"))))
                .post(system.catalog.url() + "/v1/admin/products").then().statusCode(201);
        return id;
    }
}
