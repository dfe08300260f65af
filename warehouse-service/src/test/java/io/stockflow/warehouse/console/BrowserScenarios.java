package io.stockflow.warehouse.console;

import io.quarkus.test.common.http.TestHTTPResource;
import java.net.URL;
import org.junit.jupiter.api.AfterAll;

/**
 * Console scenarios in one headless Chromium per test class (starting one per test would double the
 * suite's time), signed out of every earlier session before each test.
 */
abstract class BrowserScenarios {

    protected static Browser browser;

    @TestHTTPResource("/")
    URL base;

    /** The class's browser, started on first use, with no session left from an earlier test. */
    protected Browser signedOut() {
        if (browser == null) {
            browser = new Browser(base.toString());
        }
        browser.signOutEverywhere();
        return browser;
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.close();
            browser = null;
        }
    }
}
