package io.stockflow.e2e.chaos;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** What a scenario needs before it starts: its warehouses in the warehouse, its products in the catalog. */
final class Setup {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    private Setup() {
    }

    static void products(Scenario.Settings settings, List<Level> levels) throws IOException, InterruptedException {
        for (String warehouse : settings.warehouseIds()) {
            int status = post(settings.load().warehouseUrls().get(0) + "/v1/warehouses", settings.load().writeKey(),
                    JSON.createObjectNode().put("warehouseId", warehouse).put("name", "Chaos " + warehouse).toString());
            if (status != 201 && status != 409) {
                throw new IOException("creating warehouse " + warehouse + " answered " + status);
            }
        }
        Set<String> products = new LinkedHashSet<>();
        levels.forEach(level -> products.add(level.productId()));
        ObjectNode body = JSON.createObjectNode();
        ArrayNode items = body.putArray("products");
        products.forEach(id -> items.addObject().put("productId", id).put("name", "Chaos " + id).put("price", 1.5)
                .put("currency", "EUR").put("category", "Chaos"));
        int status = post(settings.load().catalogUrls().get(0) + "/v1/admin/products", settings.adminKey(), body.toString());
        if (status != 201 && status != 200) {
            throw new IOException("creating " + products.size() + " products in the catalog answered " + status);
        }
    }

    private static int post(String url, String key, String body) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").header("X-API-Key", key)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
