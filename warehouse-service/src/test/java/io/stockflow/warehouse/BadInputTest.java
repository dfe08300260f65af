package io.stockflow.warehouse;

import static io.restassured.RestAssured.given;
import static io.stockflow.testsupport.BadRequests.base64;
import static io.stockflow.testsupport.BadRequests.invalid;
import static io.stockflow.testsupport.BadRequests.object;
import static io.stockflow.testsupport.BadRequests.refused;
import static io.stockflow.testsupport.BadRequests.times;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.stockflow.testsupport.BadRequests.Case;
import io.stockflow.testsupport.BadRequests;
import io.stockflow.testsupport.PostgresDatabase;
import io.stockflow.warehouse.support.Stock;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every class of client mistake gets the contract's problem+json, never a 5xx, and changes nothing.
 * Cases are plain strings with placeholders ($P the stocked product, $WA and $WB existing warehouses,
 * $X an unknown product, $NOWH an unknown warehouse; in $WB: $LINE an open incoming line of 5, $GONE a
 * cancelled one, $RES an active reservation, $ENDED a released one), resolved against one fixture per
 * test class. The incoming lines and reservations sit on $P in $WB so that $WA's level stays at version 1.
 */
@QuarkusTest
@QuarkusTestResource(PostgresDatabase.class)
class BadInputTest {

    private static final String ADJUST = "/v1/inventory/adjustments";
    private static final String BATCH = "/v1/inventory/adjustments/batch";
    private static final String SET = "/v1/inventory/$P/warehouses/$WA";
    private static final String THRESHOLD = SET + "/threshold";
    private static final String TRANSFER = "/v1/inventory/transfers";
    private static final String RESERVE = "/v1/inventory/reservations";
    private static final String WAREHOUSES = "/v1/warehouses";
    private static final String BULK = "/v1/batch/stock";
    private static final String RECENT = "/v1/inventory/recently-updated";
    private static final String MOVEMENTS = "/v1/inventory/product/$P/movements";
    private static final String INCOMING = "/v1/inventory/incoming";
    private static final String SAFETY = SET + "/safety-stock";
    private static final String AVAILABILITY = "/v1/inventory/product/$P/availability";
    private static final String FUTURE = "\"" + java.time.Instant.now().plus(java.time.Duration.ofDays(30)) + "\"";

    private static final String BEYOND_64_BITS = "9223372036854775808";
    private static final String LONG_STRING = "\"" + "r".repeat(257) + "\"";
    private static final String LONG_ID = "\"" + "A".repeat(65) + "\"";

    private static Map<String, String> fixture;
    private static String before;

    @BeforeEach
    void stockOneLevelOnce() {
        if (fixture == null) {
            String product = Stock.productId();
            String warehouse = Stock.warehouse();
            String other = Stock.warehouse();
            Stock.stocked(product, warehouse, 10);
            Stock.stocked(product, other, 10);
            String due = FUTURE.replace("\"", "");
            String gone = Stock.incoming(product, other, 3, due);
            given().post(Stock.INCOMING + "/{id}/cancel", gone).then().statusCode(200);
            String ended = Stock.reserved(product, other, 1);
            Stock.release(ended).then().statusCode(200);
            fixture = Map.of("$P", product, "$WA", warehouse, "$WB", other, "$X", Stock.productId(),
                    "$NOWH", Stock.warehouseId(), "$LINE", Stock.incoming(product, other, 5, due), "$GONE", gone,
                    "$RES", Stock.reserved(product, other, 1), "$ENDED", ended);
            before = state();
        }
    }

    /** The product's levels and ledger, and the incoming lines and reservations the cases name. */
    private static String state() {
        StringBuilder state = new StringBuilder(Stock.snapshot(fixture.get("$P")));
        for (String line : new String[] { "$LINE", "$GONE" }) {
            state.append('\n').append(given().get(INCOMING + "/{id}", fixture.get(line)).then().statusCode(200)
                    .extract().asString());
        }
        for (String reservation : new String[] { "$RES", "$ENDED" }) {
            state.append('\n').append(Stock.reservation(fixture.get(reservation)).then().statusCode(200)
                    .extract().asString());
        }
        return state.toString();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRequests")
    void shouldAnswerProblemAndChangeNothing(Case c) {
        BadRequests.assertProblem(c, BadInputTest::resolve);
        assertThat(state()).as("levels, ledger, lines and reservations after the refused request").isEqualTo(before);
    }

    /** A body over MAX_BODY_SIZE is refused before any resource runs, as problem+json (HttpLayerTest sends raw ones). */
    @Test
    void shouldRefuseABodyOverTheSizeLimitAndChangeNothing() {
        given().contentType(ContentType.JSON)
                .body(resolve(adjustment("reference", "\"" + "r".repeat(3 * 1024 * 1024) + "\"")))
                .post(ADJUST).then().statusCode(413)
                .contentType("application/problem+json")
                .body("errorType", equalTo("payload_too_large"))
                .body("type", equalTo("urn:stockflow:problem:payload_too_large"));
        assertThat(state()).isEqualTo(before);
    }

    static Stream<Case> badRequests() {
        return Stream.of(adjustments(), batches(), sets(), thresholds(), transfers(), reservations(),
                reservationLifecycle(), extensions(), incoming(), receipts(), safetyStock(), availability(), warehouses(),
                bulkStock(), recentlyUpdated(), reads(), jsonAndIds(), admin())
                .flatMap(s -> s);
    }

    static Stream<Case> adjustments() {
        return Stream.of(
                invalid("adjustment: malformed JSON", "POST", ADJUST, "{\"productId\":", "body"),
                invalid("adjustment: empty body", "POST", ADJUST, "", "body"),
                invalid("adjustment: array instead of object", "POST", ADJUST, "[]", "body"),
                invalid("adjustment: delta as string", "POST", ADJUST, adjustment("delta", "\"5\""), "delta"),
                invalid("adjustment: fractional delta", "POST", ADJUST, adjustment("delta", "1.5"), "delta"),
                invalid("adjustment: boolean delta", "POST", ADJUST, adjustment("delta", "true"), "delta"),
                invalid("adjustment: missing delta", "POST", ADJUST, adjustment("delta", null), "delta"),
                invalid("adjustment: missing reason", "POST", ADJUST, adjustment("reason", null), "reason"),
                invalid("adjustment: null productId", "POST", ADJUST, adjustment("productId", "null"), "productId"),
                invalid("adjustment: zero delta", "POST", ADJUST, adjustment("delta", "0"), "delta"),
                invalid("adjustment: delta beyond 64 bits", "POST", ADJUST, adjustment("delta", BEYOND_64_BITS), "delta"),
                invalid("adjustment: onHand overflowing 64 bits", "POST", ADJUST,
                        adjustment("delta", String.valueOf(Long.MAX_VALUE)), null),
                invalid("adjustment: reference over 256 chars", "POST", ADJUST, adjustment("reference", LONG_STRING),
                        "reference"),
                invalid("adjustment: productId over 64 chars", "POST", ADJUST, adjustment("productId", LONG_ID),
                        "productId"),
                invalid("adjustment: productId with braces", "POST", ADJUST, adjustment("productId", "\"{SKU}\""),
                        "productId"),
                invalid("adjustment: productId with space", "POST", ADJUST, adjustment("productId", "\"SKU 1\""),
                        "productId"),
                invalid("adjustment: warehouseId with braces", "POST", ADJUST,
                        adjustment("warehouseId", "\"WH{1}\""), "warehouseId"),
                invalid("adjustment: unknown field", "POST", ADJUST, adjustment("colour", "\"red\""), "colour"),
                invalid("adjustment: unknown reason", "POST", ADJUST, adjustment("reason", "\"stolen\""), "reason"),
                invalid("adjustment: negative expectedVersion", "POST", ADJUST, adjustment("expectedVersion", "-1"),
                        "expectedVersion"),
                invalid("adjustment: expectedVersion beyond 64 bits", "POST", ADJUST,
                        adjustment("expectedVersion", BEYOND_64_BITS), "expectedVersion"),
                invalid("adjustment: JSON null body", "POST", ADJUST, "null", "body"),
                invalid("adjustment: Idempotency-Key over 255 chars", "POST", ADJUST, adjustment(), "Idempotency-Key")
                        .with("Idempotency-Key", "k".repeat(256)),
                invalid("adjustment: X-Actor over 128 chars", "POST", ADJUST, adjustment(), "X-Actor")
                        .with("X-Actor", "a".repeat(129)),
                invalid("adjustment: X-On-Behalf-Of over 128 chars", "POST", ADJUST, adjustment(), "X-On-Behalf-Of")
                        .with("X-On-Behalf-Of", "a".repeat(129)),
                invalid("adjustment: blank X-On-Behalf-Of", "POST", ADJUST, adjustment(), "X-On-Behalf-Of")
                        .with("X-On-Behalf-Of", " "),
                invalid("adjustment: X-Actor disagreeing with X-On-Behalf-Of", "POST", ADJUST, adjustment(), "X-Actor")
                        .with("X-On-Behalf-Of", "alice").with("X-Actor", "bob"),
                refused("adjustment: not JSON content type", "POST", ADJUST, adjustment(), 415, "unsupported_media_type")
                        .with("Content-Type", "text/plain"),

                refused("adjustment: unknown warehouse", "POST", ADJUST, adjustment("warehouseId", "\"$NOWH\""),
                        404, "not_found"),
                refused("adjustment: below zero", "POST", ADJUST, adjustment("delta", "-11"), 409, "insufficient_stock"),
                refused("adjustment: stale expectedVersion", "POST", ADJUST, adjustment("expectedVersion", "7"),
                        409, "version_conflict"));
    }

    static Stream<Case> batches() {
        String good = adjustment();
        return Stream.of(
                invalid("batch: malformed JSON", "POST", BATCH, "{\"adjustments\":[}", "body"),
                invalid("batch: empty body", "POST", BATCH, "", "body"),
                invalid("batch: missing adjustments", "POST", BATCH, "{}", "adjustments"),
                invalid("batch: empty adjustments", "POST", BATCH, "{\"adjustments\":[]}", "adjustments"),
                invalid("batch: null line", "POST", BATCH, "{\"adjustments\":[null]}", "adjustments[0]"),
                invalid("batch: zero delta in a line", "POST", BATCH,
                        "{\"adjustments\":[" + good + "," + adjustment("delta", "0") + "]}", "adjustments[1].delta"),
                invalid("batch: delta as string in a line", "POST", BATCH,
                        "{\"adjustments\":[" + adjustment("delta", "\"5\"") + "]}", "adjustments[0].delta"),
                invalid("batch: unknown reason in a line", "POST", BATCH,
                        "{\"adjustments\":[" + good + "," + adjustment("reason", "\"gift\"") + "]}",
                        "adjustments[1].reason"),
                invalid("batch: unknown field in a line", "POST", BATCH,
                        "{\"adjustments\":[" + adjustment("qty", "1") + "]}", "adjustments[0].qty"),
                invalid("batch: atomic as string", "POST", BATCH,
                        "{\"adjustments\":[" + good + "],\"atomic\":\"yes\"}", "atomic"),
                refused("batch: 1001 lines", "POST", BATCH, "{\"adjustments\":[" + times(1001, good) + "]}",
                        413, "payload_too_large"),
                refused("batch: atomic with an unknown warehouse", "POST", BATCH,
                        "{\"adjustments\":[" + good + "," + adjustment("warehouseId", "\"$NOWH\"") + "]}",
                        404, "not_found"));
    }

    static Stream<Case> sets() {
        String valid = "{\"onHand\":5,\"reason\":\"cycle_count\"}";
        return Stream.of(
                invalid("set: malformed JSON", "PUT", SET, "{onHand:5}", "body"),
                invalid("set: empty body", "PUT", SET, "", "body"),
                invalid("set: boolean onHand", "PUT", SET, "{\"onHand\":true,\"reason\":\"cycle_count\"}", "onHand"),
                invalid("set: fractional onHand", "PUT", SET, "{\"onHand\":1.5,\"reason\":\"cycle_count\"}", "onHand"),
                invalid("set: negative onHand", "PUT", SET, "{\"onHand\":-1,\"reason\":\"cycle_count\"}", "onHand"),
                invalid("set: onHand beyond 64 bits", "PUT", SET,
                        "{\"onHand\":99999999999999999999,\"reason\":\"cycle_count\"}", "onHand"),
                invalid("set: missing onHand", "PUT", SET, "{\"reason\":\"cycle_count\"}", "onHand"),
                invalid("set: missing reason", "PUT", SET, "{\"onHand\":5}", "reason"),
                invalid("set: unknown reason", "PUT", SET, "{\"onHand\":5,\"reason\":\"gift\"}", "reason"),
                invalid("set: unknown field", "PUT", SET, "{\"onHand\":5,\"reason\":\"other\",\"expected_version\":1}",
                        "expected_version"),
                invalid("set: malformed If-Match", "PUT", SET, valid, "If-Match").with("If-Match", "abc"),
                invalid("set: If-Match disagreeing with expectedVersion", "PUT", SET,
                        "{\"onHand\":5,\"reason\":\"cycle_count\",\"expectedVersion\":1}", "If-Match")
                        .with("If-Match", "\"2\""),
                invalid("set: productId over 64 chars in path", "PUT", "/v1/inventory/" + "A".repeat(65)
                        + "/warehouses/$WA", valid, "productId"),
                invalid("set: productId with space in path", "PUT", "/v1/inventory/SKU%201/warehouses/$WA", valid,
                        "productId"),
                invalid("set: productId with braces in path", "PUT", "/v1/inventory/%7BSKU%7D/warehouses/$WA", valid,
                        "productId"),
                refused("set: unknown warehouse", "PUT", "/v1/inventory/$P/warehouses/$NOWH", valid, 404, "not_found"),
                refused("set: stale If-Match", "PUT", SET, valid, 409, "version_conflict").with("If-Match", "\"9\""));
    }

    static Stream<Case> thresholds() {
        return Stream.of(
                invalid("threshold: malformed JSON", "PUT", THRESHOLD, "[", "body"),
                invalid("threshold: empty body", "PUT", THRESHOLD, "", "body"),
                invalid("threshold: missing value", "PUT", THRESHOLD, "{}", "lowStockThreshold"),
                invalid("threshold: negative", "PUT", THRESHOLD, "{\"lowStockThreshold\":-1}", "lowStockThreshold"),
                invalid("threshold: as string", "PUT", THRESHOLD, "{\"lowStockThreshold\":\"5\"}", "lowStockThreshold"),
                invalid("threshold: beyond 64 bits", "PUT", THRESHOLD, "{\"lowStockThreshold\":" + BEYOND_64_BITS + "}",
                        "lowStockThreshold"),
                invalid("threshold: unknown field", "PUT", THRESHOLD, "{\"lowStockThreshold\":5,\"low\":1}", "low"),
                refused("threshold: unknown warehouse", "PUT", "/v1/inventory/$P/warehouses/$NOWH/threshold",
                        "{\"lowStockThreshold\":5}", 404, "not_found"));
    }

    static Stream<Case> transfers() {
        return Stream.of(
                invalid("transfer: malformed JSON", "POST", TRANSFER, "{\"productId\":\"$P\",}", "body"),
                invalid("transfer: empty body", "POST", TRANSFER, "", "body"),
                invalid("transfer: zero quantity", "POST", TRANSFER, transfer("quantity", "0"), "quantity"),
                invalid("transfer: negative quantity", "POST", TRANSFER, transfer("quantity", "-3"), "quantity"),
                invalid("transfer: quantity as string", "POST", TRANSFER, transfer("quantity", "\"3\""), "quantity"),
                invalid("transfer: quantity beyond 64 bits", "POST", TRANSFER, transfer("quantity", BEYOND_64_BITS),
                        "quantity"),
                invalid("transfer: missing toWarehouseId", "POST", TRANSFER, transfer("toWarehouseId", null),
                        "toWarehouseId"),
                invalid("transfer: reference over 256 chars", "POST", TRANSFER, transfer("reference", LONG_STRING),
                        "reference"),
                invalid("transfer: to the same warehouse", "POST", TRANSFER, transfer("toWarehouseId", "\"$WA\""),
                        "toWarehouseId"),
                refused("transfer: to an unknown warehouse", "POST", TRANSFER, transfer("toWarehouseId", "\"$NOWH\""),
                        404, "not_found"),
                refused("transfer: from an unknown warehouse", "POST", TRANSFER,
                        transfer("fromWarehouseId", "\"$NOWH\""), 404, "not_found"),
                refused("transfer: more than available", "POST", TRANSFER, transfer("quantity", "11"),
                        409, "insufficient_stock"));
    }

    static Stream<Case> reservations() {
        String line = line();
        return Stream.of(
                invalid("reservation: malformed JSON", "POST", RESERVE, "not json", "body"),
                invalid("reservation: empty body", "POST", RESERVE, "", "body"),
                invalid("reservation: missing lines", "POST", RESERVE, "{}", "lines"),
                invalid("reservation: empty lines", "POST", RESERVE, "{\"lines\":[]}", "lines"),
                invalid("reservation: lines as object", "POST", RESERVE, "{\"lines\":{}}", "lines"),
                invalid("reservation: zero quantity", "POST", RESERVE, lines(line("quantity", "0")), "lines[0].quantity"),
                invalid("reservation: negative quantity", "POST", RESERVE, lines(line("quantity", "-2")),
                        "lines[0].quantity"),
                invalid("reservation: quantity beyond 64 bits", "POST", RESERVE, lines(line("quantity", BEYOND_64_BITS)),
                        "lines[0].quantity"),
                invalid("reservation: summed demand beyond 64 bits", "POST", RESERVE,
                        lines(line("quantity", String.valueOf(Long.MAX_VALUE)) + "," + line), null),
                invalid("reservation: missing productId", "POST", RESERVE, lines(line("productId", null)),
                        "lines[0].productId"),
                invalid("reservation: warehouseId with space", "POST", RESERVE, lines(line("warehouseId", "\"W 1\"")),
                        "lines[0].warehouseId"),
                invalid("reservation: ttlSeconds above max", "POST", RESERVE,
                        "{\"lines\":[" + line + "],\"ttlSeconds\":604801}", "ttlSeconds"),
                invalid("reservation: zero ttlSeconds", "POST", RESERVE, "{\"lines\":[" + line + "],\"ttlSeconds\":0}",
                        "ttlSeconds"),
                invalid("reservation: ttlSeconds as string", "POST", RESERVE,
                        "{\"lines\":[" + line + "],\"ttlSeconds\":\"60\"}", "ttlSeconds"),
                invalid("reservation: malformed reservationId", "POST", RESERVE,
                        "{\"lines\":[" + line + "],\"reservationId\":\"not-a-uuid\"}", "reservationId"),
                invalid("reservation: reference over 256 chars", "POST", RESERVE,
                        "{\"lines\":[" + line + "],\"reference\":" + LONG_STRING + "}", "reference"),
                invalid("reservation: unknown field", "POST", RESERVE, "{\"lines\":[" + line + "],\"ttl\":60}", "ttl"),
                refused("reservation: 1001 lines", "POST", RESERVE, lines(times(1001, line)), 413, "payload_too_large"),
                refused("reservation: unknown warehouse", "POST", RESERVE, lines(line("warehouseId", "\"$NOWH\"")),
                        404, "not_found"),
                refused("reservation: unknown product", "POST", RESERVE, lines(line("productId", "\"$X\"")),
                        404, "not_found"),
                refused("reservation: more than available", "POST", RESERVE, lines(line("quantity", "11")),
                        409, "insufficient_stock"));
    }

    static Stream<Case> reservationLifecycle() {
        String unknown = RESERVE + "/" + UUID.randomUUID();
        return Stream.of(
                refused("reservation: GET unknown", "GET", unknown, null, 404, "not_found"),
                refused("reservation: GET malformed id", "GET", RESERVE + "/not-a-uuid", null, 404, "not_found"),
                refused("reservation: release unknown", "POST", unknown + "/release", null, 404, "not_found"),
                refused("reservation: release malformed id", "POST", RESERVE + "/xyz/release", null, 404, "not_found"),
                refused("reservation: commit unknown", "POST", unknown + "/commit", null, 404, "not_found"),
                refused("reservation: commit malformed id", "POST", RESERVE + "/12345/commit", null, 404, "not_found"));
    }

    static Stream<Case> extensions() {
        String extend = RESERVE + "/$RES/extend";
        return Stream.of(
                invalid("extend: zero ttlSeconds", "POST", extend, "{\"ttlSeconds\":0}", "ttlSeconds"),
                invalid("extend: negative ttlSeconds", "POST", extend, "{\"ttlSeconds\":-60}", "ttlSeconds"),
                invalid("extend: ttlSeconds above max", "POST", extend, "{\"ttlSeconds\":604801}", "ttlSeconds"),
                invalid("extend: ttlSeconds beyond 64 bits", "POST", extend, "{\"ttlSeconds\":" + BEYOND_64_BITS + "}",
                        "ttlSeconds"),
                invalid("extend: missing ttlSeconds", "POST", extend, "{}", "ttlSeconds"),
                invalid("extend: ttlSeconds as string", "POST", extend, "{\"ttlSeconds\":\"60\"}", "ttlSeconds"),
                invalid("extend: fractional ttlSeconds", "POST", extend, "{\"ttlSeconds\":1.5}", "ttlSeconds"),
                invalid("extend: duplicated key", "POST", extend, "{\"ttlSeconds\":60,\"ttlSeconds\":90}", "ttlSeconds"),
                invalid("extend: unknown field", "POST", extend, "{\"ttlSeconds\":60,\"until\":1}", "until"),
                invalid("extend: empty body", "POST", extend, "", "body"),
                invalid("extend: malformed JSON", "POST", extend, "{\"ttlSeconds\":", "body"),
                refused("extend: unknown reservation", "POST", RESERVE + "/" + UUID.randomUUID() + "/extend",
                        "{\"ttlSeconds\":60}", 404, "not_found"),
                refused("extend: malformed id", "POST", RESERVE + "/not-a-uuid/extend", "{\"ttlSeconds\":60}", 404,
                        "not_found"),
                refused("extend: released reservation", "POST", RESERVE + "/$ENDED/extend", "{\"ttlSeconds\":60}", 409,
                        "reservation_not_active"));
    }

    static Stream<Case> incoming() {
        return Stream.of(
                invalid("incoming: malformed JSON", "POST", INCOMING, "{\"productId\":", "body"),
                invalid("incoming: empty body", "POST", INCOMING, "", "body"),
                invalid("incoming: missing productId", "POST", INCOMING, incoming("productId", null), "productId"),
                invalid("incoming: missing warehouseId", "POST", INCOMING, incoming("warehouseId", null), "warehouseId"),
                invalid("incoming: missing quantity", "POST", INCOMING, incoming("quantity", null), "quantity"),
                invalid("incoming: zero quantity", "POST", INCOMING, incoming("quantity", "0"), "quantity"),
                invalid("incoming: negative quantity", "POST", INCOMING, incoming("quantity", "-5"), "quantity"),
                invalid("incoming: quantity as string", "POST", INCOMING, incoming("quantity", "\"5\""), "quantity"),
                invalid("incoming: quantity beyond 64 bits", "POST", INCOMING, incoming("quantity", BEYOND_64_BITS),
                        "quantity"),
                invalid("incoming: missing expectedAt", "POST", INCOMING, incoming("expectedAt", null), "expectedAt"),
                invalid("incoming: expectedAt in the past", "POST", INCOMING,
                        incoming("expectedAt", "\"2020-01-01T00:00:00Z\""), "expectedAt"),
                invalid("incoming: malformed expectedAt", "POST", INCOMING, incoming("expectedAt", "\"next week\""),
                        "expectedAt"),
                invalid("incoming: expectedAt without an offset", "POST", INCOMING,
                        incoming("expectedAt", "\"2099-01-01T00:00:00\""), "expectedAt"),
                invalid("incoming: expectedAt as a number", "POST", INCOMING, incoming("expectedAt", "4102444800"),
                        "expectedAt"),
                invalid("incoming: unknown field", "POST", INCOMING, incoming("eta", FUTURE), "eta"),
                invalid("incoming: duplicated key", "POST", INCOMING,
                        "{\"productId\":\"$P\",\"warehouseId\":\"$WA\",\"quantity\":5,\"quantity\":-5,\"expectedAt\":"
                                + FUTURE + "}", "quantity"),
                invalid("incoming: productId with braces", "POST", INCOMING, incoming("productId", "\"{SKU}\""),
                        "productId"),
                invalid("incoming: warehouseId with space", "POST", INCOMING, incoming("warehouseId", "\"W 1\""),
                        "warehouseId"),
                invalid("incoming: malformed incomingId", "POST", INCOMING, incoming("incomingId", "\"not-a-uuid\""),
                        "incomingId"),
                invalid("incoming: reference over 256 chars", "POST", INCOMING, incoming("reference", LONG_STRING),
                        "reference"),
                refused("incoming: unknown warehouse", "POST", INCOMING, incoming("warehouseId", "\"$NOWH\""), 404,
                        "not_found"),
                refused("incoming: an incomingId already used", "POST", INCOMING, incoming("incomingId", "\"$LINE\""),
                        409, "already_exists"));
    }

    static Stream<Case> receipts() {
        String receive = INCOMING + "/$LINE/receive";
        return Stream.of(
                invalid("receive: more than is open", "POST", receive, "{\"quantity\":6}", "quantity"),
                invalid("receive: zero", "POST", receive, "{\"quantity\":0}", "quantity"),
                invalid("receive: negative", "POST", receive, "{\"quantity\":-1}", "quantity"),
                invalid("receive: quantity as string", "POST", receive, "{\"quantity\":\"2\"}", "quantity"),
                invalid("receive: unknown field", "POST", receive, "{\"units\":2}", "units"),
                invalid("receive: malformed JSON", "POST", receive, "{\"quantity\":", "body"),
                refused("receive: unknown line", "POST", INCOMING + "/" + UUID.randomUUID() + "/receive",
                        "{\"quantity\":1}", 404, "not_found"),
                refused("receive: malformed id", "POST", INCOMING + "/PO-1/receive", "{\"quantity\":1}", 404,
                        "not_found"),
                refused("receive: a cancelled line", "POST", INCOMING + "/$GONE/receive", "{\"quantity\":1}", 409,
                        "incoming_not_open"),
                refused("cancel: unknown line", "POST", INCOMING + "/" + UUID.randomUUID() + "/cancel", null, 404,
                        "not_found"),
                refused("cancel: malformed id", "POST", INCOMING + "/xyz/cancel", null, 404, "not_found"),
                refused("cancel: already cancelled", "POST", INCOMING + "/$GONE/cancel", null, 409, "incoming_not_open"),
                refused("incoming: GET unknown", "GET", INCOMING + "/" + UUID.randomUUID(), null, 404, "not_found"));
    }

    static Stream<Case> safetyStock() {
        return Stream.of(
                invalid("safety stock: negative", "PUT", SAFETY, "{\"safetyStock\":-1}", "safetyStock"),
                invalid("safety stock: as string", "PUT", SAFETY, "{\"safetyStock\":\"five\"}", "safetyStock"),
                invalid("safety stock: boolean", "PUT", SAFETY, "{\"safetyStock\":true}", "safetyStock"),
                invalid("safety stock: fractional", "PUT", SAFETY, "{\"safetyStock\":2.5}", "safetyStock"),
                invalid("safety stock: beyond 64 bits", "PUT", SAFETY, "{\"safetyStock\":" + BEYOND_64_BITS + "}",
                        "safetyStock"),
                invalid("safety stock: missing value", "PUT", SAFETY, "{}", "safetyStock"),
                invalid("safety stock: missing body", "PUT", SAFETY, "", "body"),
                invalid("safety stock: unknown field", "PUT", SAFETY, "{\"safetyStock\":1,\"buffer\":2}", "buffer"),
                invalid("safety stock: malformed warehouse in path", "PUT", "/v1/inventory/$P/warehouses/W%201/safety-stock",
                        "{\"safetyStock\":1}", "warehouseId"),
                refused("safety stock: unknown warehouse", "PUT", "/v1/inventory/$P/warehouses/$NOWH/safety-stock",
                        "{\"safetyStock\":1}", 404, "not_found"));
    }

    static Stream<Case> availability() {
        return Stream.of(
                invalid("availability: zero quantity", "GET", AVAILABILITY + "?quantity=0", null, "quantity"),
                invalid("availability: negative quantity", "GET", AVAILABILITY + "?quantity=-3", null, "quantity"),
                invalid("availability: quantity not a number", "GET", AVAILABILITY + "?quantity=ten", null, "quantity"),
                invalid("availability: fractional quantity", "GET", AVAILABILITY + "?quantity=1.5", null, "quantity"),
                invalid("availability: quantity beyond 64 bits", "GET", AVAILABILITY + "?quantity=" + BEYOND_64_BITS, null,
                        "quantity"),
                invalid("availability: warehouseId with braces", "GET", AVAILABILITY + "?warehouseId=%7BWH%7D", null,
                        "warehouseId"),
                invalid("availability: productId with space", "GET", "/v1/inventory/product/SKU%201/availability", null,
                        "productId"),
                refused("availability: unknown product", "GET", "/v1/inventory/product/$X/availability", null, 404,
                        "not_found"));
    }

    static Stream<Case> warehouses() {
        return Stream.of(
                invalid("warehouse: malformed JSON", "POST", WAREHOUSES, "{", "body"),
                invalid("warehouse: empty body", "POST", WAREHOUSES, "", "body"),
                invalid("warehouse: missing name", "POST", WAREHOUSES, "{\"warehouseId\":\"$NOWH\"}", "name"),
                invalid("warehouse: blank name", "POST", WAREHOUSES, "{\"warehouseId\":\"$NOWH\",\"name\":\"  \"}", "name"),
                invalid("warehouse: name over 256 chars", "POST", WAREHOUSES,
                        "{\"warehouseId\":\"$NOWH\",\"name\":" + LONG_STRING + "}", "name"),
                invalid("warehouse: id over 64 chars", "POST", WAREHOUSES, "{\"warehouseId\":" + LONG_ID
                        + ",\"name\":\"n\"}", "warehouseId"),
                invalid("warehouse: id with braces", "POST", WAREHOUSES, "{\"warehouseId\":\"{WH}\",\"name\":\"n\"}",
                        "warehouseId"),
                invalid("warehouse: id as number", "POST", WAREHOUSES, "{\"warehouseId\":7,\"name\":\"n\"}",
                        "warehouseId"),
                invalid("warehouse: unknown field", "POST", WAREHOUSES,
                        "{\"warehouseId\":\"$NOWH\",\"name\":\"n\",\"city\":\"Oslo\"}", "city"),
                refused("warehouse: existing id", "POST", WAREHOUSES, "{\"warehouseId\":\"$WA\",\"name\":\"again\"}",
                        409, "already_exists"));
    }

    static Stream<Case> bulkStock() {
        return Stream.of(
                invalid("bulk stock: malformed JSON", "POST", BULK, "{\"productIds\":[\"$P\"}", "body"),
                invalid("bulk stock: empty body", "POST", BULK, "", "body"),
                invalid("bulk stock: missing productIds", "POST", BULK, "{}", "productIds"),
                invalid("bulk stock: empty productIds", "POST", BULK, "{\"productIds\":[]}", "productIds"),
                invalid("bulk stock: productIds as string", "POST", BULK, "{\"productIds\":\"$P\"}", "productIds"),
                invalid("bulk stock: numeric product id", "POST", BULK, "{\"productIds\":[1]}", "productIds[0]"),
                invalid("bulk stock: product id with braces", "POST", BULK, "{\"productIds\":[\"$P\",\"{P}\"]}",
                        "productIds[1]"),
                invalid("bulk stock: warehouseId with space", "POST", BULK,
                        "{\"productIds\":[\"$P\"],\"warehouseId\":\"W 1\"}", "warehouseId"),
                invalid("bulk stock: includeWarehouses as string", "POST", BULK,
                        "{\"productIds\":[\"$P\"],\"includeWarehouses\":\"yes\"}", "includeWarehouses"),
                invalid("bulk stock: unknown field", "POST", BULK, "{\"productId\":\"$P\"}", "productId"),
                refused("bulk stock: 1001 ids", "POST", BULK, "{\"productIds\":[" + times(1001, "\"$P\"") + "]}",
                        413, "payload_too_large"));
    }

    static Stream<Case> recentlyUpdated() {
        return Stream.of(
                invalid("recently updated: malformed JSON", "POST", RECENT, "{", "body"),
                invalid("recently updated: zero limit", "POST", RECENT, "{\"limit\":0}", "limit"),
                invalid("recently updated: limit above 1000", "POST", RECENT, "{\"limit\":1001}", "limit"),
                invalid("recently updated: limit as string", "POST", RECENT, "{\"limit\":\"10\"}", "limit"),
                invalid("recently updated: garbage cursor", "POST", RECENT, "{\"cursor\":\"not a cursor!\"}", "cursor"),
                invalid("recently updated: tampered cursor", "POST", RECENT,
                        "{\"cursor\":\"" + base64("c:1:999:x") + "\"}", "cursor"),
                invalid("recently updated: movements cursor", "POST", RECENT,
                        "{\"cursor\":\"" + base64("m:12") + "\"}", "cursor"),
                invalid("recently updated: since not a time", "POST", RECENT, "{\"since\":\"yesterday\"}", "since"),
                invalid("recently updated: unknown field", "POST", RECENT, "{\"after\":1}", "after"));
    }

    static Stream<Case> reads() {
        return Stream.of(
                invalid("movements: zero limit", "GET", MOVEMENTS + "?limit=0", null, "limit"),
                invalid("movements: negative limit", "GET", MOVEMENTS + "?limit=-1", null, "limit"),
                invalid("movements: limit above 1000", "GET", MOVEMENTS + "?limit=1001", null, "limit"),
                invalid("movements: limit not a number", "GET", MOVEMENTS + "?limit=ten", null, "limit"),
                invalid("movements: garbage cursor", "GET", MOVEMENTS + "?cursor=garbage!", null, "cursor"),
                invalid("movements: tampered cursor", "GET", MOVEMENTS + "?cursor=" + base64("m:abc"), null, "cursor"),
                invalid("movements: change-feed cursor", "GET", MOVEMENTS + "?cursor=" + base64("c:1:1:xy"), null,
                        "cursor"),
                refused("movements: unknown product", "GET", "/v1/inventory/product/$X/movements", null, 404, "not_found"),
                refused("product: unknown", "GET", "/v1/inventory/product/$X", null, 404, "not_found"));
    }

    /** Rules every body and id share: one definition of each in service-support and shared-events. */
    static Stream<Case> jsonAndIds() {
        return Stream.of(
                invalid("adjustment: duplicated key (last one would win)", "POST", ADJUST,
                        "{\"productId\":\"$P\",\"warehouseId\":\"$WA\",\"delta\":5,\"delta\":-5,\"reason\":\"received\"}",
                        "delta"),
                invalid("set: duplicated key", "PUT", SET, "{\"onHand\":5,\"reason\":\"cycle_count\",\"onHand\":0}",
                        "onHand"),
                invalid("reservation: duplicated key in a line", "POST", RESERVE,
                        lines("{\"productId\":\"$P\",\"quantity\":1,\"quantity\":2}"), "lines[0].quantity"),
                invalid("warehouse: duplicated key", "POST", WAREHOUSES,
                        "{\"warehouseId\":\"$NOWH\",\"name\":\"a\",\"name\":\"b\"}", "name"),
                invalid("adjustment: trailing garbage after the object", "POST", ADJUST, adjustment() + " {}", "body"),
                invalid("adjustment: nested 2000 deep", "POST", ADJUST, "[".repeat(2000) + "]".repeat(2000), "body"),
                invalid("adjustment: number of 2000 digits", "POST", ADJUST, adjustment("delta", "9".repeat(2000)),
                        null),
                invalid("adjustment: NUL in reference", "POST", ADJUST, adjustment("reference", "\"ref\\u0000x\""),
                        "reference"),
                invalid("adjustment: NUL in productId", "POST", ADJUST, adjustment("productId", "\"SKU\\u0000x\""),
                        "productId"),
                invalid("transfer: NUL in reference", "POST", TRANSFER, transfer("reference", "\"\\u0000\""),
                        "reference"),
                invalid("adjustment: control character in productId", "POST", ADJUST,
                        adjustment("productId", "\"SKU\\u0007\""), "productId"),
                invalid("adjustment: productId needing JSON escaping", "POST", ADJUST,
                        adjustment("productId", "\"SKU\\\"1\""), "productId"),
                invalid("adjustment: non-ASCII productId", "POST", ADJUST, adjustment("productId", "\"SKÜ-1\""),
                        "productId"),
                invalid("product: NUL in path id", "GET", "/v1/inventory/product/SKU%00x", null, "uri"),
                invalid("product: line feed in path id", "GET", "/v1/inventory/product/SKU%0Ax", null, "uri"),
                invalid("product: braces in path id", "GET", "/v1/inventory/product/%7BSKU%7D", null, "productId"),
                invalid("product: space in path id", "GET", "/v1/inventory/product/SKU%201", null, "productId"),
                invalid("product: path id over 64 chars", "GET", "/v1/inventory/product/" + "A".repeat(65), null,
                        "productId"),
                invalid("movements: NUL in path id", "GET", "/v1/inventory/product/SKU%00/movements", null, "uri"),
                invalid("movements: braces in path id", "GET", "/v1/inventory/product/%7BP%7D/movements", null,
                        "productId"),
                invalid("set: NUL in warehouse path id", "PUT", "/v1/inventory/$P/warehouses/W%00",
                        "{\"onHand\":5,\"reason\":\"cycle_count\"}", "uri"),
                invalid("events feed: NUL in a parameter", "GET", "/v1/inventory/events?limit=1%00", null, "uri"));
    }

    static Stream<Case> admin() {
        return Stream.of(
                invalid("ledger verify: malformed productId", "GET", "/v1/admin/ledger/verify?productId=%7BSKU%7D", null,
                        "productId"),
                invalid("ledger verify: productId with space", "GET", "/v1/admin/ledger/verify?productId=SKU+1", null,
                        "productId"),
                invalid("ledger verify: NUL in productId", "GET", "/v1/admin/ledger/verify?productId=SKU%00", null,
                        "uri"),
                invalid("demo data: unknown field", "POST", "/v1/admin/demo-data", "{\"products\":1,\"rows\":2}",
                        "rows"));
    }

    /** A valid adjustment of $P in $WA with some fields replaced (raw JSON values) or, when null, removed. */
    private static String adjustment(String... overrides) {
        return object(overrides, "productId", "\"$P\"", "warehouseId", "\"$WA\"", "delta", "5", "reason", "\"received\"");
    }

    /** A valid incoming line of 5 units of $P in $WA, due in 30 days. */
    private static String incoming(String... overrides) {
        return object(overrides, "productId", "\"$P\"", "warehouseId", "\"$WA\"", "quantity", "5", "expectedAt", FUTURE);
    }

    private static String transfer(String... overrides) {
        return object(overrides, "productId", "\"$P\"", "fromWarehouseId", "\"$WA\"", "toWarehouseId", "\"$WB\"",
                "quantity", "1");
    }

    private static String line(String... overrides) {
        return object(overrides, "productId", "\"$P\"", "warehouseId", "\"$WA\"", "quantity", "1");
    }

    private static String lines(String lines) {
        return "{\"lines\":[" + lines + "]}";
    }

    private static String resolve(String text) {
        return BadRequests.resolve(fixture, text);
    }
}
