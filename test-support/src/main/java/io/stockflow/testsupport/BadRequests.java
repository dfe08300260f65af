package io.stockflow.testsupport;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The bad-input matrix both services run: each case a request and the problem it must get. Cases are
 * plain strings with placeholders a test class resolves against its fixture; the test then checks
 * that nothing changed.
 */
public final class BadRequests {

    private BadRequests() {
    }

    /** One bad request and the problem it must get; {@code field} (when not null) must be among {@code errors}. */
    public record Case(String name, String method, String path, Map<String, String> headers, String body, int status,
            String errorType, String field) {

        public Case with(String header, String value) {
            Map<String, String> more = new LinkedHashMap<>(headers);
            more.put(header, value);
            return new Case(name, method, path, more, body, status, errorType, field);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    public static Case invalid(String name, String method, String path, String body, String field) {
        return new Case(name, method, path, Map.of(), body, 400, "validation_error", field);
    }

    public static Case refused(String name, String method, String path, String body, int status, String errorType) {
        return new Case(name, method, path, Map.of(), body, status, errorType, null);
    }

    /** Sends the case (placeholders resolved) and checks its problem+json. */
    public static void assertProblem(Case c, UnaryOperator<String> resolve) {
        RequestSpecification request = given().urlEncodingEnabled(false);
        c.headers().forEach((name, value) -> request.header(name, resolve.apply(value)));
        if (c.body() != null) {
            request.body(resolve.apply(c.body()));
            if (!c.headers().containsKey("Content-Type")) {
                request.contentType(ContentType.JSON);
            }
        }
        ValidatableResponse response = request.request(c.method(), resolve.apply(c.path())).then()
                .statusCode(c.status())
                .contentType("application/problem+json")
                .body("status", equalTo(c.status()))
                .body("errorType", equalTo(c.errorType()))
                .body("type", startsWith("urn:stockflow:problem:"))
                .body("title", not(emptyOrNullString()))
                .body("detail", not(emptyOrNullString()));
        if (c.field() != null) {
            response.body("errors.field", hasItem(c.field()))
                    .body("errors.find { it.field == '" + c.field() + "' }.message", not(emptyOrNullString()));
        }
    }

    /** A JSON object of {@code defaults} (name, raw JSON value pairs) with {@code overrides}; a null value drops the field. */
    public static String object(String[] overrides, String... defaults) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 0; i < defaults.length; i += 2) {
            fields.put(defaults[i], defaults[i + 1]);
        }
        for (int i = 0; i < overrides.length; i += 2) {
            fields.put(overrides[i], overrides[i + 1]);
        }
        StringBuilder json = new StringBuilder("{");
        fields.forEach((name, value) -> {
            if (value != null) {
                json.append(json.length() > 1 ? "," : "").append('"').append(name).append("\":").append(value);
            }
        });
        return json.append('}').toString();
    }

    public static String times(int n, String element) {
        return String.join(",", Collections.nCopies(n, element));
    }

    public static String base64(String raw) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    /** Replaces each placeholder of {@code fixture} in {@code text}. */
    public static String resolve(Map<String, String> fixture, String text) {
        String resolved = text;
        for (Map.Entry<String, String> placeholder : fixture.entrySet()) {
            resolved = resolved.replace(placeholder.getKey(), placeholder.getValue());
        }
        return resolved;
    }
}
