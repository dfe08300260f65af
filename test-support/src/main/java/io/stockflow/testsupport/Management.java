package io.stockflow.testsupport;

import static io.restassured.RestAssured.given;

import io.quarkus.test.common.http.TestHTTPResourceManager;
import io.restassured.RestAssured;
import io.restassured.response.ValidatableResponse;
import java.net.URI;

/** The management interface of the application under test: health and metrics, no key. */
public final class Management {

    private static final String[] PATHS = {"/q/health/ready", "/q/health/live", "/q/metrics"};

    private Management() {
    }

    /** The absolute URL of {@code path} (such as {@code /q/metrics}) on the management port. */
    public static String url(String path) {
        // the management URI ends in the management root path (/q): an absolute path replaces it
        return URI.create(TestHTTPResourceManager.getManagementUri()).resolve(path).toString();
    }

    public static int port() {
        return URI.create(TestHTTPResourceManager.getManagementUri()).getPort();
    }

    /** GET {@code path} on the management port without any key. */
    public static ValidatableResponse getWithoutKey(String path) {
        return given().header(TestKeys.HEADER, TestKeys.NO_KEY).get(url(path)).then();
    }

    /**
     * Asserts that the API port serves neither health nor metrics: 401 without a key, 404 with one
     * ({@code readKey}), and that the management port is another one.
     */
    public static void assertNotOnTheApiPort(String readKey) {
        if (port() <= 0 || port() == RestAssured.port) {
            throw new AssertionError("management port " + port() + " is not apart from the API port " + RestAssured.port);
        }
        for (String path : PATHS) {
            given().header(TestKeys.HEADER, TestKeys.NO_KEY).get(path).then().statusCode(401);
            given().header(TestKeys.HEADER, readKey).get(path).then().statusCode(404);
        }
    }
}
