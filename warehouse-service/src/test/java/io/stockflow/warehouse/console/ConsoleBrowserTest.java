package io.stockflow.warehouse.console;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.stockflow.testsupport.PostgresDatabase;
import io.stockflow.testsupport.TestKeys;
import io.stockflow.warehouse.support.Stock;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

/**
 * The staff console as a person uses it, in headless Chromium: each scenario of the console's issue,
 * against the real service and database. The API calls (REST Assured) stand for other people and systems.
 */
@QuarkusTest
@QuarkusTestResource(PostgresDatabase.class)
class ConsoleBrowserTest extends BrowserScenarios {

    private static final Logger LOG = Logger.getLogger(ConsoleBrowserTest.class);

    private String product;
    private String first;
    private String second;

    @BeforeEach
    void signedInWithAFreshProduct() {
        signedOut();
        product = Stock.productId();
        first = Stock.warehouse();
        second = Stock.warehouse();
        Stock.stocked(product, first, 40);
        Stock.stocked(product, second, 5);
        browser.signInAsStaff(TestKeys.WRITE);
    }

    @Test
    void signingInShowsWhoIsSignedInAndSigningOutEndsTheSession() {
        assertThat(browser.path()).isEqualTo("/console");
        assertThat(browser.byId("signed-in-as").getText()).isEqualTo(TestKeys.WRITE_PRINCIPAL);
        browser.find(By.cssSelector("form.signout button")).click();
        browser.until(d -> browser.path().startsWith("/console/login"));
        browser.open("/console/product?id=" + product);
        assertThat(browser.path()).startsWith("/console/login");
    }

    @Test
    void withoutAStaffKeyOnlySignInIsReachable() {
        browser.signOutEverywhere();
        for (String page : List.of("/console", "/console/product?id=" + product, "/console/attention",
                "/console/warehouses", "/console/reservation", "/console/product/levels?id=" + product)) {
            browser.open(page);
            assertThat(browser.path()).as(page).startsWith("/console/login");
            assertThat(browser.byId("key").isDisplayed()).isTrue();
        }
        for (String notStaff : List.of("not-a-key", TestKeys.SERVICE, TestKeys.INGEST)) {
            browser.signIn(notStaff);
            assertThat(browser.byId("signin-problem").getText()).contains("not a staff key");
            if (notStaff.equals(TestKeys.SERVICE)) {
                browser.screenshots("sign-in-refused");
            }
            browser.open("/console/attention");
            assertThat(browser.path()).startsWith("/console/login");
        }
        // the session cookie is out of page script's reach
        assertThat(browser.script("return document.cookie")).asString().doesNotContain("stockflow-console");
    }

    @Test
    void findsAProductByIdAndByPrefixAndShowsEveryWarehouse() {
        Stock.threshold(product, second, 8);
        String prefix = product.substring(0, product.length() - 2);
        browser.type("q", prefix);
        browser.find(By.cssSelector("form.find button")).click();
        browser.find(By.linkText(product));
        browser.screenshots("find");
        browser.find(By.linkText(product)).click();
        assertThat(browser.byId("product-id").getText()).isEqualTo(product);
        assertThat(cell(first, "onHand")).isEqualTo("40");
        assertThat(cell(first, "available")).isEqualTo("40");
        assertThat(cell(first, "version")).isEqualTo("1");
        assertThat(cell(second, "threshold")).isEqualTo("8");
        assertThat(browser.find(By.id("level-" + second)).getText()).contains("Low stock");
        assertThat(browser.find(By.id("level-" + first)).getText()).doesNotContain("Low stock");
        assertThat(browser.byId("total-onHand").getText()).isEqualTo("45");
        assertThat(browser.byId("total-low").getText()).isEqualTo("1 of 2");

        browser.open("/console");
        browser.type("q", product);
        browser.find(By.cssSelector("form.find button")).click();
        browser.until(d -> browser.path().startsWith("/console/product?id=" + product));
        browser.screenshots("product");
    }

    @Test
    void aCountThatMeetsAConcurrentChangeShowsTheConflictAndReapplies() {
        openProduct();
        browser.find(By.cssSelector("#level-" + first + " button")).click();
        assertThat(browser.byId("count-read-version").getText()).isEqualTo("1");
        // meanwhile someone else receives 3 units through the API
        given().header(TestKeys.HEADER, TestKeys.OTHER_WRITE).contentType("application/json")
                .body(Stock.adjustment(product, first, 3)).post("/v1/inventory/adjustments").then().statusCode(200);
        browser.type("count-form-onHand", "38");
        browser.submit("count-form");
        WebElement conflict = browser.byId("count-conflict");
        assertThat(conflict.getText()).contains(TestKeys.OTHER_WRITE_PRINCIPAL, "+3", "40", "43");
        assertThat(browser.byId("conflict-version").getText()).isEqualTo("2");
        assertThat(level(product, first)).containsEntry("onHand", 43);
        browser.screenshots("count-conflict");

        browser.submit("count-form"); // re-apply the same count on the new version
        assertThat(browser.textOf(By.id("count-result"), t -> !t.isEmpty())).contains("on hand 38", "version 3");
        assertThat(level(product, first)).containsEntry("onHand", 38).containsEntry("version", 3);
        assertThat(cell(first, "onHand")).isEqualTo("38");
    }

    @Test
    void aDoubleSubmittedAdjustmentAppliesOnce() {
        openProduct();
        browser.choose("adjust-warehouseId", first);
        browser.type("adjust-delta", "2");
        // a double click: the second click meets a disabled button or, once answered, a fresh empty form
        new Actions(browser.driver).doubleClick(browser.byId("adjust").findElement(By.cssSelector("button"))).perform();
        browser.textOf(By.id("adjust-result"), t -> !t.isEmpty());
        assertThat(level(product, first)).containsEntry("onHand", 42).containsEntry("version", 2);

        // a retry after a dropped connection: the very same submit, Idempotency-Key and all, sent twice
        browser.choose("adjust-warehouseId", first);
        browser.type("adjust-delta", "5");
        Object answers = browser.asyncScript("""
                const done = arguments[arguments.length - 1];
                const form = document.getElementById('adjust');
                const headers = Object.assign(JSON.parse(form.getAttribute('hx-headers')),
                    {'HX-Request': 'true', 'HX-Trigger': 'adjust', 'Content-Type': 'application/x-www-form-urlencoded'});
                const body = new URLSearchParams(new FormData(form)).toString();
                const send = () => fetch('/console/product/adjust', {method: 'POST', headers, body}).then(r => r.text());
                send().then(a => send().then(b => done([a, b])));
                """);
        assertThat((List<?>) answers).hasSize(2);
        assertThat(((List<?>) answers).get(1).toString()).contains("Already applied");
        assertThat(level(product, first)).containsEntry("onHand", 47).containsEntry("version", 3);
        given().get("/v1/inventory/product/{id}/movements?warehouseId={w}", product, first).then()
                .body("items.size()", org.hamcrest.Matchers.equalTo(3));
    }

    @Test
    void transfersBetweenWarehouses() {
        openProduct();
        browser.choose("transfer-fromWarehouseId", first);
        browser.choose("transfer-toWarehouseId", second);
        browser.type("transfer-quantity", "15");
        browser.type("transfer-reference", "move-9");
        browser.submit("transfer");
        assertThat(browser.textOf(By.id("transfer-result"), t -> !t.isEmpty())).contains("Moved 15");
        assertThat(cell(first, "onHand")).isEqualTo("25");
        assertThat(browser.textOf(By.cssSelector("#level-" + second + " [data-field=onHand]"), "20"::equals)).isEqualTo("20");
        assertThat(level(product, first)).containsEntry("onHand", 25);
        assertThat(level(product, second)).containsEntry("onHand", 20);
    }

    @Test
    void changesAThresholdAndListsTheLowLevelsThatNeedAttention() {
        openProduct();
        browser.choose("threshold-warehouseId", first);
        browser.type("threshold-lowStockThreshold", "50");
        browser.submit("threshold");
        assertThat(browser.textOf(By.id("threshold-result"), t -> !t.isEmpty())).contains("is now 50");
        browser.until(d -> d.findElement(By.id("level-" + first)).getText().contains("Low stock"));

        browser.open("/console/attention?warehouseId=" + first);
        assertThat(browser.find(By.cssSelector("#attention tr[data-product='" + product + "']")).getText())
                .contains(first, "40", "50", "10");
        browser.open("/console/attention?warehouseId=" + second);
        assertThat(browser.find(By.cssSelector("#attention tr[data-product='" + product + "']")).getText())
                .contains(second, "5", "10");
        browser.choose("attention-warehouseId", "");
        browser.find(By.cssSelector("form.filter button")).click();
        browser.until(d -> browser.path().startsWith("/console/attention"));
        browser.screenshots("attention");
    }

    @Test
    void aProductPageShowsAChangeMadeThroughTheApiWithoutReloading() {
        openProduct();
        browser.script("window.__stillTheSamePage = true");
        long before = System.nanoTime();
        Stock.adjust(product, first, 9).then().statusCode(200);
        browser.textOf(By.cssSelector("#level-" + first + " [data-field=onHand]"), "49"::equals);
        long millis = (System.nanoTime() - before) / 1_000_000;
        LOG.infof("the product page showed the API's change after %d ms", millis);
        assertThat(browser.script("return window.__stillTheSamePage === true")).isEqualTo(true);
        assertThat(browser.byId("total-onHand").getText()).isEqualTo("54");
        browser.until(d -> d.findElement(By.cssSelector("#history tbody tr")).getText().contains(TestKeys.ADMIN_PRINCIPAL));
    }

    @Test
    void aRefusedFormShowsTheReasonNextToTheField() {
        openProduct();
        browser.choose("adjust-warehouseId", second);
        browser.type("adjust-delta", "-6");
        browser.submit("adjust");
        assertThat(browser.textOf(By.id("adjust-problem"), t -> !t.isEmpty())).contains("Insufficient stock");
        assertThat(level(product, second)).containsEntry("onHand", 5);

        browser.choose("transfer-fromWarehouseId", first);
        browser.choose("transfer-toWarehouseId", first);
        browser.type("transfer-quantity", "1");
        browser.submit("transfer");
        assertThat(browser.textOf(By.id("transfer-toWarehouseId-error"), t -> !t.isEmpty()))
                .contains("must differ from fromWarehouseId");
        assertThat(browser.byId("transfer-toWarehouseId").getAttribute("aria-invalid")).isEqualTo("true");
        browser.screenshots("refused");
    }

    @Test
    void looksUpAReservationAndReleasesOrCommitsIt() {
        String held = Stock.reserved(product, first, 4);
        String other = Stock.reserved(product, first, 6);
        openProduct();
        assertThat(browser.byId("reservations").getText()).contains(held, other);
        browser.find(By.cssSelector("#rel-" + held + " button")).click();
        // the card says released, and once the page hears of the change it leaves the active list
        browser.until(d -> d.findElements(By.cssSelector("#reservation-" + held + " [data-field=active]")).isEmpty());
        assertThat(browser.textOf(By.cssSelector("#level-" + first + " [data-field=reserved]"), "6"::equals)).isEqualTo("6");

        browser.open("/console/reservation?id=" + other);
        browser.find(By.cssSelector("#com-" + other + " button")).click();
        browser.textOf(By.cssSelector("#reservation-" + other + " [data-field=status]"), "committed"::equals);
        assertThat(level(product, first)).containsEntry("onHand", 34).containsEntry("reserved", 0);
    }

    @Test
    void listsAndCreatesWarehouses() {
        String id = Stock.warehouseId();
        browser.open("/console/warehouses");
        browser.type("warehouse-warehouseId", id);
        browser.type("warehouse-name", "Lisbon");
        browser.submit("warehouse");
        assertThat(browser.textOf(By.id("warehouse-result"), t -> !t.isEmpty())).contains(id);
        assertThat(browser.find(By.cssSelector("#warehouses tr[data-warehouse='" + id + "']")).getText()).contains("Lisbon");
        browser.type("warehouse-warehouseId", id);
        browser.type("warehouse-name", "Again");
        browser.submit("warehouse");
        assertThat(browser.textOf(By.id("warehouse-problem"), t -> !t.isEmpty())).contains("Already exists");
    }

    @Test
    void worksFromTheKeyboardWithEveryControlLabelled() {
        browser.signOutEverywhere();
        browser.open("/console/login");
        browser.driver.switchTo().activeElement().sendKeys(TestKeys.WRITE + Keys.ENTER); // the key field has focus
        browser.until(d -> browser.path().equals("/console"));
        browser.driver.switchTo().activeElement().sendKeys(product + Keys.ENTER); // and so has Find
        browser.until(d -> browser.path().startsWith("/console/product"));
        browser.choose("adjust-warehouseId", first);
        browser.byId("adjust-delta").sendKeys("4" + Keys.ENTER);
        assertThat(browser.textOf(By.id("adjust-result"), t -> !t.isEmpty())).contains("on hand 44");
        for (String page : List.of("/console/product?id=" + product, "/console/attention", "/console/warehouses",
                "/console/reservation", "/console")) {
            browser.open(page);
            Object unlabelled = browser.script("return [...document.querySelectorAll("
                    + "'input:not([type=hidden]), select, textarea')]"
                    + ".filter(e => e.labels.length === 0 && !e.getAttribute('aria-label')).map(e => e.name || e.id)");
            assertThat((List<?>) unlabelled).as("controls without a label on " + page).isEmpty();
            assertThat(browser.script("return document.querySelector('a.skip').getAttribute('href')")).isEqualTo("#main");
        }
    }

    @Test
    void adjustingChangesTheLevelAndTheHistory() {
        openProduct();
        browser.choose("adjust-warehouseId", first);
        browser.type("adjust-delta", "7");
        browser.choose("adjust-reason", "returned");
        browser.type("adjust-reference", "rma-17");
        browser.submit("adjust");
        assertThat(browser.textOf(By.id("adjust-result"), t -> !t.isEmpty())).contains("on hand 47");
        assertThat(cell(first, "onHand")).isEqualTo("47");
        assertThat(browser.textOf(By.id("total-onHand"), "52"::equals)).isEqualTo("52");
        WebElement newest = browser.find(By.cssSelector("#history tbody tr"));
        browser.until(d -> d.findElement(By.cssSelector("#history tbody tr")).getText().contains("rma-17"));
        assertThat(browser.find(By.cssSelector("#history tbody tr")).getText())
                .contains(first, "returned", "rma-17", "40", "47", TestKeys.WRITE_PRINCIPAL);
        assertThat(newest).isNotNull();
        given().get("/v1/inventory/product/{id}/movements", product).then()
                .body("items[0].actor", org.hamcrest.Matchers.equalTo(TestKeys.WRITE_PRINCIPAL))
                .body("items[0].reference", org.hamcrest.Matchers.equalTo("rma-17"));
    }

    private void openProduct() {
        browser.open("/console/product?id=" + product);
        browser.byId("levels");
    }

    private String cell(String warehouseId, String field) {
        return browser.textOf(By.cssSelector("#level-" + warehouseId + " [data-field=" + field + "]"), t -> !t.isEmpty());
    }

    static Map<String, Object> level(String productId, String warehouseId) {
        return given().get("/v1/inventory/product/{id}", productId).then().statusCode(200).extract()
                .jsonPath().getMap("warehouses.find { it.warehouseId == '" + warehouseId + "' }");
    }
}
