package io.stockflow.warehouse.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.stockflow.testsupport.PostgresDatabase;
import io.stockflow.testsupport.TestKeys;
import io.stockflow.warehouse.support.Stock;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * Extending a reservation's lease from its card in the staff console, in headless Chromium: the API's
 * own /extend behind the form, so the card shows the new expiry and count, and the API's refusals
 * show beside the form without changing anything.
 */
@QuarkusTest
@QuarkusTestResource(PostgresDatabase.class)
class ConsoleReservationLeaseTest extends BrowserScenarios {


    private String product;
    private String warehouse;

    @BeforeEach
    void signedInWithAFreshProduct() {
        signedOut();
        product = Stock.productId();
        warehouse = Stock.warehouse();
        Stock.stocked(product, warehouse, 20);
        browser.signInAsStaff(TestKeys.WRITE);
    }

    @Test
    void extendingFromTheCardShowsTheNewExpiryAndTheExtensionCount() {
        String id = Stock.reserved(product, warehouse, 4);
        browser.open("/console/reservation?id=" + id);
        assertThat(field(id, "extensions")).isEqualTo("0");
        assertThat(browser.byId("ext-" + id + "-ttlSeconds").getAttribute("value")).isEqualTo("900");

        browser.type("ext-" + id + "-ttlSeconds", "7200");
        Instant submitted = Instant.now();
        browser.submit("ext-" + id);

        String result = browser.textOf(By.cssSelector("#reservation-" + id + " .result"), t -> !t.isEmpty());
        var api = Stock.reservation(id).then().statusCode(200).extract().jsonPath();
        Instant expiresAt = Instant.parse(api.getString("expiresAt"));
        assertThat(api.getInt("extensions")).isEqualTo(1);
        assertThat(expiresAt).isAfter(submitted.plusSeconds(7100));
        String shown = Templates.readable(expiresAt);
        assertThat(result).contains("Extended", shown, "extension 1");
        assertThat(field(id, "extensions")).isEqualTo("1");
        assertThat(field(id, "expiresAt")).isEqualTo(shown);
        browser.screenshots("reservation-extended");
    }

    @Test
    void refusedExtensionsShowTheApisReasonAndChangeNothing() {
        String id = Stock.reserved(product, warehouse, 4);
        browser.open("/console/reservation?id=" + id);
        String before = Stock.reservation(id).then().extract().asString();

        // beyond the maximum lease (7 days in the tests): 400, beside the field
        browser.type("ext-" + id + "-ttlSeconds", Long.toString(7 * 24 * 3600 + 1));
        browser.submit("ext-" + id);
        assertThat(browser.textOf(By.id("ext-" + id + "-ttlSeconds-error"), t -> !t.isEmpty())).contains("at most 604800");
        assertThat(browser.byId("ext-" + id + "-ttlSeconds").getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(browser.byId("ext-" + id + "-problem").getText()).contains("Request is not valid");
        assertThat(Stock.reservation(id).then().extract().asString()).isEqualTo(before);

        // someone else released it while the card was open: the API's 409 detail, and the card stays as it was
        Stock.release(id).then().statusCode(200);
        String released = Stock.snapshot(product);
        browser.type("ext-" + id + "-ttlSeconds", "600");
        browser.submit("ext-" + id);
        assertThat(browser.textOf(By.id("ext-" + id + "-problem"), t -> !t.isEmpty()))
                .contains("Reservation not active", "reservation " + id + " is released, not active");
        assertThat(browser.find(By.cssSelector("#ext-" + id + "-problem .problem")).getAttribute("data-error-type"))
                .isEqualTo("reservation_not_active");
        assertThat(Stock.snapshot(product)).isEqualTo(released);
        Stock.reservation(id).then().statusCode(200).body("status", org.hamcrest.Matchers.equalTo("released"))
                .body("extensions", org.hamcrest.Matchers.equalTo(0));
        browser.screenshots("reservation-extend-refused");
    }

    private String field(String reservationId, String name) {
        return browser.textOf(By.cssSelector("#reservation-" + reservationId + " [data-field=" + name + "]"),
                t -> !t.isEmpty());
    }
}
