package io.stockflow.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.RestAssured;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * What both services answer to requests their HTTP layer refuses, sent byte for byte: problem+json
 * wherever a route can still answer, and nothing changed. Each service runs it against itself
 * ({@code class HttpLayerTest extends HttpLayerContract}, a {@code @QuarkusTest}).
 */
public abstract class HttpLayerContract {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** MAX_BODY_SIZE in the services' test configuration (their default, 2M). */
    private static final int MAX_BODY = 2 * 1024 * 1024;

    /** The port the service under test listens on (RestAssured's, which Quarkus sets for its tests). */
    protected int port() {
        return RestAssured.port;
    }

    /** A command the service accepts, e.g. {@code POST /v1/inventory/adjustments}, and a valid body for it. */
    protected abstract String commandLine();

    protected abstract String validCommand();

    /** A command like {@link #validCommand()} the service may accept (it may change state). */
    protected String acceptableCommand() {
        return validCommand();
    }

    /** A read of one resource by id; the id is appended. */
    protected abstract String readById();

    /** What a command would change, compared before and after each refused request. */
    protected abstract Object state();

    private RawHttp.Answer command(String extraHeaders, byte[] body, long contentLength) {
        return RawHttp.send(port(), commandLine() + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + extraHeaders + (contentLength >= 0 ? "Content-Length: " + contentLength + "\r\n" : ""), body);
    }

    private RawHttp.Answer get(String target, String extraHeaders) {
        return RawHttp.send(port(), "GET " + target + " HTTP/1.1\r\nHost: localhost\r\n" + extraHeaders);
    }

    private static JsonNode problem(RawHttp.Answer answer, int status, String errorType) {
        assertThat(answer.status()).as("status of %s", answer).isEqualTo(status);
        assertThat(answer.header("Content-Type")).as("content type of %s", answer).startsWith("application/problem+json");
        try {
            JsonNode body = JSON.readTree(answer.body());
            assertThat(body.path("status").asInt()).isEqualTo(status);
            assertThat(body.path("errorType").asText()).isEqualTo(errorType);
            assertThat(body.path("type").asText()).isEqualTo("urn:stockflow:problem:" + errorType);
            assertThat(body.path("title").asText()).isNotBlank();
            assertThat(body.path("detail").asText()).isNotBlank();
            return body;
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + answer.body(), e);
        }
    }

    @Test
    void shouldAnswer413ProblemForADeclaredBodyOverTheLimitWithoutReadingIt() {
        Object before = state();
        RawHttp.Answer answer = command("", null, 10L * 1024 * 1024);
        problem(answer, 413, "payload_too_large");
        assertThat(answer.header("Connection")).isEqualToIgnoringCase("close");
        assertThat(state()).isEqualTo(before);
    }

    @Test
    void shouldAnswer413ProblemForAChunkedBodyOverTheLimit() {
        Object before = state();
        String valid = validCommand();
        String padded = valid.substring(0, valid.length() - 1) + ",\"pad\":\"" + "x".repeat(MAX_BODY) + "\"}";
        byte[] json = padded.getBytes(StandardCharsets.UTF_8);
        byte[] chunked = (Integer.toHexString(json.length) + "\r\n" + padded + "\r\n0\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8);
        problem(command("Transfer-Encoding: chunked\r\n", chunked, -1), 413, "payload_too_large");
        assertThat(state()).isEqualTo(before);
    }

    /** Chunked bodies are read before any resource (to refuse their excess with a problem): valid ones still pass. */
    @Test
    void shouldAcceptAValidChunkedBody() {
        String json = acceptableCommand();
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        byte[] chunked = (Integer.toHexString(bytes.length) + "\r\n" + json + "\r\n0\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        RawHttp.Answer answer = command("Transfer-Encoding: chunked\r\n", chunked, -1);
        assertThat(answer.status()).as("%s", answer).isBetween(200, 299);
    }

    @Test
    void shouldAnswer414ProblemForARequestTargetOverTheLimit() {
        problem(get(readById() + "A".repeat(9000), ""), 414, "uri_too_long");
    }

    @Test
    void shouldAnswer431ProblemForHeadersOverTheLimit() {
        Object before = state();
        String big = "X-Padding-1: " + "p".repeat(12_000) + "\r\nX-Padding-2: " + "p".repeat(12_000) + "\r\n";
        byte[] body = validCommand().getBytes(StandardCharsets.UTF_8);
        problem(command(big, body, body.length), 431, "headers_too_large");
        assertThat(state()).isEqualTo(before);
    }

    @Test
    void shouldAnswer400ProblemForANulByteInAPathId() {
        JsonNode body = problem(get(readById() + "SKU%00x", ""), 400, "validation_error");
        assertThat(body.path("errors").toString()).contains("control characters");
    }

    @Test
    void shouldAnswer400ProblemForAControlCharacterInTheQuery() {
        problem(get(readById() + "SKU-1?cursor=a%0Ab", ""), 400, "validation_error");
    }

    /**
     * A request target that is not a URI at all (a broken percent-encoding) is refused by Quarkus's
     * own URI check before any route, without a body (README: Contract notes); nothing changes.
     */
    @Test
    void shouldRefuseARequestTargetThatIsNotAUri() {
        Object before = state();
        assertThat(get(readById() + "SKU%ZZ1", "").status()).isEqualTo(400);
        assertThat(state()).isEqualTo(before);
    }

    @Test
    void shouldAnswer415ProblemForABodyThatIsNotJson() {
        Object before = state();
        byte[] body = validCommand().getBytes(StandardCharsets.UTF_8);
        RawHttp.Answer answer = RawHttp.send(port(), commandLine() + " HTTP/1.1\r\nHost: localhost\r\n"
                + "Content-Type: text/plain\r\nContent-Length: " + body.length + "\r\n", body);
        problem(answer, 415, "unsupported_media_type");
        assertThat(state()).isEqualTo(before);
    }

    @Test
    void shouldAnswer405ProblemForAMethodTheResourceDoesNotServe() {
        String path = commandLine().substring(commandLine().indexOf(' ') + 1);
        problem(RawHttp.send(port(), "PATCH " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\n"),
                405, "method_not_allowed");
    }

    @Test
    void shouldAnswer404ProblemForAnUnknownPath() {
        problem(get("/v1/no-such-thing", ""), 404, "not_found");
    }

    /**
     * Bytes the HTTP/1.1 codec itself cannot accept in a header (here a control byte in
     * Idempotency-Key) are refused by Vert.x before any route runs, without a body (README: Contract
     * notes); what matters is the 4xx and that nothing changed.
     */
    @Test
    void shouldRefuseAControlByteInAHeaderAndChangeNothing() {
        Object before = state();
        byte[] body = validCommand().getBytes(StandardCharsets.UTF_8);
        RawHttp.Answer answer = command("Idempotency-Key: key\u0001one\r\n", body, body.length);
        assertThat(answer.status()).isEqualTo(400);
        assertThat(state()).isEqualTo(before);
    }

    /** Beyond the codec's hard limit (64 KB, far above MAX_URI_LENGTH) Vert.x answers alone: a bare 414. */
    @Test
    void shouldRefuseARequestLineBeyondTheCodecLimit() {
        assertThat(get(readById() + "A".repeat(70_000), "").status()).isEqualTo(414);
    }
}
