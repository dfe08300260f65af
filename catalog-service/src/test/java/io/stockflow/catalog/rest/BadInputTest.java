package io.stockflow.catalog.rest;

import static io.restassured.RestAssured.given;
import static io.stockflow.testsupport.BadRequests.base64;
import static io.stockflow.testsupport.BadRequests.invalid;
import static io.stockflow.testsupport.BadRequests.object;
import static io.stockflow.testsupport.BadRequests.refused;
import static io.stockflow.testsupport.BadRequests.times;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.stockflow.catalog.support.FakeWarehouse;
import io.stockflow.catalog.support.Levels;
import io.stockflow.catalog.support.Products;
import io.stockflow.events.ConsistencyToken;
import io.stockflow.testsupport.BadRequests;
import io.stockflow.testsupport.BadRequests.Case;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The warehouse's bad-input matrix, for the catalog: every class of client mistake (products, batch,
 * listing parameters, cursors, admin writes, the push endpoint in both CloudEvents modes) gets the
 * contract's problem+json, never a 5xx, and changes nothing. Placeholders: $P a product with stock,
 * $X an unknown product, $NEW a product never created, $ID a fresh event id, $TOKEN a consistency token
 * of $P's level as the warehouse wrote it, $UNISSUED one of a version the warehouse never wrote.
 */
@QuarkusTest
class BadInputTest {

    private static final String PUSH = "/events/stock-updated";
    private static final String ADMIN = "/v1/admin/products";
    private static final String BATCH = "/v1/products/batch";
    private static final String LONG_ID = "A".repeat(65);

    private static Map<String, String> fixture;
    private static String before;

    @BeforeEach
    void stockOneProductOnce() {
        if (fixture == null) {
            String product = Levels.newProductId();
            Products.create(product, "bad-input");
            FakeWarehouse.put(Levels.level(product, "WH-1", 10, 2, 3));
            fixture = Map.of("$P", product, "$X", Levels.newProductId(), "$NEW", Levels.newProductId(),
                    "$ID", UUID.randomUUID().toString(), "$TOKEN", token(product, 3), "$UNISSUED", token(product, 99));
            before = snapshot();
        }
    }

    /** The product with its stock (read through once, then from Redis) and the product no request may create. */
    private static String snapshot() {
        return given().get("/v1/products/{id}", fixture.get("$P")).then().statusCode(200).extract().asString()
                + "\n" + given().get("/v1/products/{id}", fixture.get("$NEW")).then().extract().statusCode();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRequests")
    void shouldAnswerProblemAndChangeNothing(Case c) {
        BadRequests.assertProblem(c, text -> BadRequests.resolve(fixture, text));
        assertThat(snapshot()).as("product, stock and products after the refused request").isEqualTo(before);
    }

    static Stream<Case> badRequests() {
        return Stream.of(productReads(), listing(), batches(), consistencyTokens(), adminCreates(), adminUpdates(),
                pushBinary(), pushStructured()).flatMap(s -> s);
    }

    private static String token(String productId, long version) {
        return ConsistencyToken.encode(List.of(new ConsistencyToken.Level(productId, "WH-1", version))).orElseThrow();
    }

    /** Stockflow-Consistency (and the batch's minVersion): malformed, too long, or never issued by the warehouse. */
    static Stream<Case> consistencyTokens() {
        String header = ConsistencyToken.HEADER;
        String product = "/v1/products/$P";
        return Stream.of(
                invalid("token: not base64url", "GET", product, null, header).with(header, "%%%"),
                invalid("token: truncated", "GET", product, null, header).with(header, "AQ"),
                invalid("token: counts that run past its end", "GET", product, null, header).with(header, "AQA"),
                invalid("token: longer than the bound", "GET", product, null, header)
                        .with(header, "A".repeat(ConsistencyToken.MAX_LENGTH + 4)),
                invalid("token: a version the warehouse never wrote", "GET", product, null, header)
                        .with(header, "$UNISSUED"),
                invalid("token: malformed on the list", "GET", "/v1/products", null, header).with(header, "%%%"),
                invalid("token: malformed on a batch", "POST", BATCH, "{\"productIds\":[\"$P\"]}", header)
                        .with(header, "%%%"),
                invalid("token: malformed minVersion", "POST", BATCH, "{\"productIds\":[\"$P\"],\"minVersion\":\"%%%\"}",
                        "minVersion"),
                invalid("token: minVersion as a number", "POST", BATCH, "{\"productIds\":[\"$P\"],\"minVersion\":7}",
                        "minVersion"),
                invalid("token: minVersion disagreeing with the header", "POST", BATCH,
                        "{\"productIds\":[\"$P\"],\"minVersion\":\"$UNISSUED\"}", "minVersion").with(header, "$TOKEN"),
                invalid("token: minVersion never issued", "POST", BATCH,
                        "{\"productIds\":[\"$P\"],\"minVersion\":\"$UNISSUED\"}", "minVersion"));
    }

    static Stream<Case> productReads() {
        return Stream.of(
                invalid("product: braces in id", "GET", "/v1/products/%7BSKU%7D", null, "productId"),
                invalid("product: space in id", "GET", "/v1/products/SKU%201", null, "productId"),
                invalid("product: id over 64 chars", "GET", "/v1/products/" + LONG_ID, null, "productId"),
                invalid("product: non-ASCII id", "GET", "/v1/products/SK%C3%9C", null, "productId"),
                invalid("product: NUL in id", "GET", "/v1/products/SKU%00x", null, "uri"),
                invalid("product: escape in id", "GET", "/v1/products/SKU%1B", null, "uri"),
                refused("product: unknown", "GET", "/v1/products/$X", null, 404, "not_found"),
                refused("product: PATCH", "PATCH", "/v1/products/$P", "{}", 405, "method_not_allowed"),
                refused("product: unknown path", "GET", "/v1/productz/$P", null, 404, "not_found"));
    }

    static Stream<Case> listing() {
        return Stream.of(
                invalid("list: zero limit", "GET", "/v1/products?limit=0", null, "limit"),
                invalid("list: limit above 100", "GET", "/v1/products?limit=101", null, "limit"),
                invalid("list: negative limit", "GET", "/v1/products?limit=-1", null, "limit"),
                invalid("list: limit not a number", "GET", "/v1/products?limit=ten", null, "limit"),
                invalid("list: fractional limit", "GET", "/v1/products?limit=1.5", null, "limit"),
                invalid("list: limit beyond 32 bits", "GET", "/v1/products?limit=99999999999", null, "limit"),
                invalid("list: inStock not a boolean", "GET", "/v1/products?inStock=maybe", null, "inStock"),
                invalid("list: garbage cursor", "GET", "/v1/products?cursor=not!a!cursor", null, "cursor"),
                invalid("list: cursor of a NUL", "GET", "/v1/products?cursor=" + base64("\u0000"), null, "cursor"),
                invalid("list: cursor of a malformed id", "GET", "/v1/products?cursor=" + base64("{SKU}"), null,
                        "cursor"),
                invalid("list: category over 128 chars", "GET", "/v1/products?category=" + "c".repeat(129), null,
                        "category"),
                invalid("list: NUL in a parameter", "GET", "/v1/products?category=a%00b", null, "uri"));
    }

    static Stream<Case> batches() {
        return Stream.of(
                invalid("batch: malformed JSON", "POST", BATCH, "{\"productIds\":[\"$P\"", "body"),
                invalid("batch: empty body", "POST", BATCH, "", "productIds"),
                invalid("batch: no productIds", "POST", BATCH, "{}", "productIds"),
                invalid("batch: empty productIds", "POST", BATCH, "{\"productIds\":[]}", "productIds"),
                invalid("batch: productIds as string", "POST", BATCH, "{\"productIds\":\"$P\"}", "productIds"),
                invalid("batch: numeric id", "POST", BATCH, "{\"productIds\":[1]}", "productIds[0]"),
                invalid("batch: null id", "POST", BATCH, "{\"productIds\":[null]}", "productIds[0]"),
                invalid("batch: malformed id", "POST", BATCH, "{\"productIds\":[\"$P\",\"{P}\"]}", "productIds[1]"),
                invalid("batch: NUL in an id", "POST", BATCH, "{\"productIds\":[\"SKU\\u0000\"]}", "productIds[0]"),
                invalid("batch: unknown field", "POST", BATCH, "{\"productIds\":[\"$P\"],\"fields\":[\"name\"]}",
                        "fields"),
                invalid("batch: duplicated key", "POST", BATCH, "{\"productIds\":[\"$P\"],\"productIds\":[\"$X\"]}",
                        "productIds"),
                invalid("batch: trailing garbage", "POST", BATCH, "{\"productIds\":[\"$P\"]}]", "body"),
                refused("batch: 1001 ids", "POST", BATCH, "{\"productIds\":[" + times(1001, "\"$P\"") + "]}", 413,
                        "payload_too_large"),
                refused("batch: not JSON", "POST", BATCH, "productIds=$P", 415, "unsupported_media_type")
                        .with("Content-Type", "application/x-www-form-urlencoded"));
    }

    static Stream<Case> adminCreates() {
        return Stream.of(
                invalid("create: malformed JSON", "POST", ADMIN, "{\"products\":[", "body"),
                invalid("create: no products", "POST", ADMIN, "{}", "products"),
                invalid("create: empty products", "POST", ADMIN, "{\"products\":[]}", "products"),
                invalid("create: products as object", "POST", ADMIN, "{\"products\":" + product() + "}", "products"),
                invalid("create: unknown top-level field", "POST", ADMIN, "{\"products\":[" + product() + "],\"dryRun\":true}",
                        "dryRun"),
                invalid("create: unknown product field", "POST", ADMIN, products(product("colour", "\"red\"")),
                        "products[0].colour"),
                invalid("create: duplicated key", "POST", ADMIN,
                        "{\"products\":[{\"productId\":\"$NEW\",\"name\":\"a\",\"name\":\"b\",\"price\":1}]}",
                        "products[0].name"),
                invalid("create: price as string", "POST", ADMIN, products(product("price", "\"9.99\"")),
                        "products[0].price"),
                invalid("create: name as number", "POST", ADMIN, products(product("name", "7")), "products[0].name"),
                invalid("create: NUL in name", "POST", ADMIN, products(product("name", "\"a\\u0000b\"")),
                        "products[0].name"),
                refused("create: 1001 products", "POST", ADMIN, "{\"products\":[" + times(1001, product()) + "]}", 413,
                        "payload_too_large"),
                invalid("demo data: zero products", "POST", "/v1/admin/demo-data", "{\"products\":0}", "products"),
                invalid("demo data: products as string", "POST", "/v1/admin/demo-data", "{\"products\":\"9\"}",
                        "products"),
                invalid("demo data: unknown field", "POST", "/v1/admin/demo-data", "{\"products\":1,\"seed\":3}", "seed"));
    }

    static Stream<Case> adminUpdates() {
        String update = ADMIN + "/$P";
        return Stream.of(
                invalid("update: malformed JSON", "PUT", update, "{\"name\":", "body"),
                invalid("update: unknown field", "PUT", update, product("productId", null, "stock", "5"), "stock"),
                invalid("update: productId not the path's", "PUT", update, product("productId", "\"$X\""), "productId"),
                invalid("update: negative price", "PUT", update, product("productId", null, "price", "-1"), "price"),
                invalid("update: missing name", "PUT", update, product("productId", null, "name", null), "name"),
                invalid("update: currency not ISO 4217", "PUT", update, product("productId", null, "currency", "\"euro\""),
                        "currency"),
                invalid("update: NUL in description", "PUT", update,
                        product("productId", null, "description", "\"x\\u0000\""), "description"),
                invalid("update: malformed path id", "PUT", ADMIN + "/%7BP%7D", product("productId", null), "productId"),
                refused("update: unknown product", "PUT", ADMIN + "/$X", product("productId", null), 404, "not_found"),
                invalid("delete: malformed path id", "DELETE", ADMIN + "/SKU%201", null, "productId"),
                refused("delete: unknown product", "DELETE", ADMIN + "/$X", null, 404, "not_found"));
    }

    /** The six malformed CloudEvents of the issue and every forged or broken one beyond, in binary mode. */
    static Stream<Case> pushBinary() {
        return Stream.of(
                event("binary: no ce-id", binary("ce-id", null), data()),
                event("binary: no ce-type", binary("ce-type", null), data()),
                event("binary: no ce-source", binary("ce-source", null), data()),
                event("binary: unknown spec version", binary("ce-specversion", "9.9"), data()),
                event("binary: id not a UUID", binary("ce-id", "evt-1"), data()),
                event("binary: source not the warehouse", binary("ce-source", "/attacker"), data()),
                event("binary: unknown type", binary("ce-type", "warehouse.stock.teleported"), data()),
                event("binary: subject not the data's product", binary("ce-subject", "$X"), data()),
                event("binary: no subject", binary("ce-subject", null), data()),
                event("binary: no data", binary(), ""),
                event("binary: data not JSON", binary(), "onHand=999999"),
                event("binary: data a JSON array", binary(), "[]"),
                event("binary: level of another product", binary(), data(level("productId", "\"$X\""))),
                event("binary: negative onHand", binary(), data(level("onHand", "-1", "available", "-3"))),
                event("binary: reserved above onHand", binary(), data(level("reserved", "60", "available", "-10"))),
                event("binary: negative reserved", binary(), data(level("reserved", "-1", "available", "51"))),
                event("binary: version 0", binary(), data(level("version", "0"))),
                event("binary: negative version", binary(), data(level("version", "-7"))),
                event("binary: available not onHand - reserved", binary(), data(level("available", "999999"))),
                event("binary: fractional onHand", binary(), data(level("onHand", "50.5"))),
                event("binary: onHand null", binary(), data(level("onHand", "null"))),
                event("binary: duplicated key in a level", binary(),
                        data(level("onHand", "5,\"onHand\":50"))),
                event("binary: malformed warehouse id", binary(), data(level("warehouseId", "\"WH/1\""))),
                event("binary: malformed product id", binary("ce-subject", "{P}"),
                        data("productId", "\"{P}\"", "levels", "[" + level("productId", "\"{P}\"") + "]")),
                event("binary: no levels", binary(), data("levels", "[]")),
                event("binary: levels missing", binary(), data("levels", null)),
                event("binary: negative threshold", binary(), data(level("lowStockThreshold", "-1"))));
    }

    static Stream<Case> pushStructured() {
        return Stream.of(
                event("structured: unparsable JSON", structured(), "{\"specversion\":\"1.0\","),
                event("structured: no specversion", structured(), envelope("specversion", null)),
                event("structured: no id", structured(), envelope("id", null)),
                event("structured: broken data_base64", structured(),
                        envelope("data", null, "data_base64", "\"!!not base64!!\"")),
                event("structured: data_base64 of bad data", structured(),
                        envelope("data", null, "data_base64", "\"" + java.util.Base64.getEncoder()
                                .encodeToString("{\"productId\":".getBytes()) + "\"")),
                event("structured: unknown spec version", structured(), envelope("specversion", "\"0.1\"")),
                event("structured: source not the warehouse", structured(), envelope("source", "\"/attacker\"")),
                event("structured: type not a stock event", structured(), envelope("type", "\"com.example.order\"")),
                event("structured: subject not the data's product", structured(), envelope("subject", "\"$X\"")),
                event("structured: id a number", structured(), envelope("id", "42")),
                event("structured: levels of another product", structured(),
                        envelope("data", data(level("onHand", "999999", "available", "999999", "reserved", "0")
                                .replace("\"$P\"", "\"$X\"")))),
                event("structured: a JSON array", structured(), "[" + envelope() + "]"),
                event("structured: empty body", structured(), ""),
                event("no mode: plain JSON without ce- headers", Map.of("Content-Type", "application/json"), data()));
    }

    private static Case event(String name, Map<String, String> headers, String body) {
        Case c = invalid("push " + name, "POST", PUSH, body, "event");
        for (Map.Entry<String, String> header : headers.entrySet()) {
            c = c.with(header.getKey(), header.getValue());
        }
        return c;
    }

    /** Binary-mode headers of a valid adjusted event of $P, with some replaced or, when null, removed. */
    private static Map<String, String> binary(String... overrides) {
        Map<String, String> headers = new java.util.LinkedHashMap<>(Map.of("ce-specversion", "1.0", "ce-id", "$ID",
                "ce-source", "/warehouse-service", "ce-type", "warehouse.stock.adjusted", "ce-subject", "$P",
                "Content-Type", "application/json"));
        for (int i = 0; i < overrides.length; i += 2) {
            if (overrides[i + 1] == null) {
                headers.remove(overrides[i]);
            } else {
                headers.put(overrides[i], overrides[i + 1]);
            }
        }
        return headers;
    }

    private static Map<String, String> structured() {
        return Map.of("Content-Type", "application/cloudevents+json");
    }

    /** A structured-mode event of $P with some attributes replaced (raw JSON) or, when null, removed. */
    private static String envelope(String... overrides) {
        return object(overrides, "specversion", "\"1.0\"", "id", "\"$ID\"", "source", "\"/warehouse-service\"",
                "type", "\"warehouse.stock.adjusted\"", "subject", "\"$P\"", "datacontenttype", "\"application/json\"",
                "data", data());
    }

    /** The data of an adjusted event of $P with one level at a version well ahead of the stored one. */
    private static String data(String level) {
        return data("levels", "[" + level + "]");
    }

    private static String data(String... overrides) {
        return object(overrides, "productId", "\"$P\"", "warehouseId", "\"WH-1\"", "delta", "40", "reason",
                "\"received\"", "actor", "\"test\"", "levels", "[" + level() + "]");
    }

    private static String level(String... overrides) {
        return object(overrides, "productId", "\"$P\"", "warehouseId", "\"WH-1\"", "onHand", "50", "reserved", "2",
                "available", "48", "version", "40", "lowStockThreshold", "5", "updatedAt", "\"2025-01-01T00:00:40Z\"");
    }

    /** A product for the admin API ($NEW, never created: every case here is refused). */
    private static String product(String... overrides) {
        return object(overrides, "productId", "\"$NEW\"", "name", "\"Lamp\"", "price", "19.90", "currency", "\"EUR\"");
    }

    private static String products(String product) {
        return "{\"products\":[" + product + "]}";
    }
}
