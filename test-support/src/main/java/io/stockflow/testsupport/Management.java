package io.stockflow.testsupport;

import io.quarkus.test.common.http.TestHTTPResourceManager;
import java.net.URI;

/** The management interface of the application under test: health and metrics, no key. */
public final class Management {

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
}
