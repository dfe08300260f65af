package io.stockflow.warehouse.console;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.function.Function;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real headless Chromium, Debian's, driven through Debian's chromedriver: both paths are given,
 * so Selenium Manager never looks for (or downloads) a browser or a driver. Flags: the closed network
 * refuses the connections Chromium's background services would make, so those are off.
 */
final class Browser implements AutoCloseable {

    static final String CHROMIUM = "/usr/bin/chromium";
    static final String CHROMEDRIVER = "/usr/bin/chromedriver";
    /** A desktop and a tablet (portrait iPad Air) viewport. */
    static final Dimension DESKTOP = new Dimension(1440, 1000);
    static final Dimension TABLET = new Dimension(820, 1180);
    static final Duration WAIT = Duration.ofSeconds(10);

    final ChromeDriver driver;
    private final String base;
    private final Path profile;

    Browser(String base) {
        if (!new File(CHROMIUM).canExecute() || !new File(CHROMEDRIVER).canExecute()) {
            throw new IllegalStateException("the browser tests need Debian's chromium and chromium-driver ("
                    + CHROMIUM + ", " + CHROMEDRIVER + "): apt-get install chromium chromium-driver (.ci/run does)");
        }
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        try {
            this.profile = Files.createTempDirectory("console-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                "--user-data-dir=" + profile, "--window-size=" + DESKTOP.width + "," + DESKTOP.height);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
        this.driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(WAIT);
    }

    void open(String path) {
        driver.get(base + path);
    }

    String path() {
        return driver.getCurrentUrl().substring(base.length());
    }

    void signIn(String key) {
        open("/console/login");
        driver.findElement(By.id("key")).sendKeys(key);
        driver.findElement(By.cssSelector("form.signin-form button[type=submit]")).click();
    }

    /**
     * Signs in with a staff key and waits until the console has replaced the sign-in page: the click only
     * sends the form, and a test that looks at once may still see the sign-in page on a busy machine.
     */
    void signInAsStaff(String key) {
        signIn(key);
        until(d -> !path().startsWith("/console/login"));
    }

    void signOutEverywhere() {
        open("/console/login");
        driver.manage().deleteAllCookies();
    }

    WebElement find(By by) {
        return until(d -> d.findElement(by));
    }

    WebElement byId(String id) {
        return find(By.id(id));
    }

    /** Waits for the condition; a timeout says where the browser was and what it showed. */
    <T> T until(Function<WebDriver, T> condition) {
        try {
            return new WebDriverWait(driver, WAIT).ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                    .ignoring(org.openqa.selenium.NoSuchElementException.class).until(condition);
        } catch (org.openqa.selenium.TimeoutException e) {
            String text = driver.findElement(By.tagName("body")).getText();
            throw new AssertionError("timed out at " + driver.getCurrentUrl() + " showing:\n"
                    + text.substring(0, Math.min(2000, text.length())), e);
        }
    }

    /** Waits until the element's text (re-read each time: htmx replaces elements) satisfies the test. */
    String textOf(By by, java.util.function.Predicate<String> accepted) {
        return until(d -> {
            String text = d.findElement(by).getText();
            return accepted.test(text) ? text : null;
        });
    }

    void type(String id, String value) {
        WebElement field = byId(id);
        field.clear();
        field.sendKeys(value);
    }

    void choose(String id, String value) {
        new Select(byId(id)).selectByValue(value);
    }

    void submit(String formId) {
        byId(formId).findElement(By.cssSelector("button[type=submit]")).click();
    }

    Object script(String script, Object... args) {
        return driver.executeScript(script, args);
    }

    Object asyncScript(String script, Object... args) {
        return driver.executeAsyncScript(script, args);
    }

    /** Saves the page at both widths under the screenshot folder (target/, or -Dconsole.screenshots=dir). */
    void screenshots(String name) {
        Path dir = Path.of(System.getProperty("console.screenshots", "target/console-screenshots"));
        try {
            Files.createDirectories(dir);
            for (var size : new Object[][] { { DESKTOP, "desktop" }, { TABLET, "tablet" } }) {
                Dimension viewport = (Dimension) size[0];
                driver.manage().window().setSize(viewport);
                Thread.sleep(300); // let the layout settle at the new width, then show the whole page
                long height = (Long) driver.executeScript("return document.documentElement.scrollHeight");
                driver.manage().window().setSize(new Dimension(viewport.width, (int) Math.min(3000, Math.max(viewport.height, height + 140))));
                Thread.sleep(200);
                File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
                Files.copy(shot.toPath(), dir.resolve(name + "-" + size[1] + ".png"), StandardCopyOption.REPLACE_EXISTING);
            }
            driver.manage().window().setSize(DESKTOP);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        driver.quit();
        try (var files = Files.walk(profile)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary profile left behind is harmless
        }
    }
}
