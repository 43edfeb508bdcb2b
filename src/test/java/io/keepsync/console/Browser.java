package io.keepsync.console;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.chromium.ChromiumNetworkConditions;
import org.openqa.selenium.chromium.HasCdp;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's chromium, headless, driven through its own chromedriver (both installed by .ci/run), pointed at the
 * packaged service. Selenium's driver download is never used: the paths are given.
 */
final class Browser implements AutoCloseable {

    static final Path SCREENSHOTS = Path.of("target", "console-screenshots");
    private static final String CHROMIUM = System.getProperty("keepsync.chromium", "/usr/bin/chromium");
    private static final String CHROMEDRIVER = System.getProperty("keepsync.chromedriver", "/usr/bin/chromedriver");

    final WebDriver driver;
    private final String base;

    Browser(String base, int width, int height) {
        this.base = base;
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        // Reduced motion turns off Bootstrap's smooth scrolling, which would still be under way when the driver
        // clicks a control it has just scrolled into view.
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--force-prefers-reduced-motion", "--window-size=" + width + "," + height);
        options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        driver.manage().window().setSize(new Dimension(width, height));
    }

    void open(String path) {
        driver.get(base + path);
    }

    WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    <T> T await(Function<WebDriver, T> condition) {
        // A swap may replace an element between finding it and reading it; the next poll finds the new one.
        return new WebDriverWait(driver, Duration.ofSeconds(30)).ignoring(StaleElementReferenceException.class)
                .until(condition);
    }

    /** Waits as long as a person would for the upload's stall warning, which comes after a minute. */
    <T> T awaitLong(Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, Duration.ofSeconds(120)).ignoring(StaleElementReferenceException.class)
                .until(condition);
    }

    /** Chromium's own network throttling, as its developer tools apply it: uploads at this many bytes a second. */
    void throttleUploads(int bytesPerSecond) {
        ChromiumNetworkConditions conditions = new ChromiumNetworkConditions();
        conditions.setUploadThroughput(bytesPerSecond);
        conditions.setDownloadThroughput(100 * 1024 * 1024);
        conditions.setLatency(Duration.ZERO);
        ((ChromeDriver) driver).setNetworkConditions(conditions);
    }

    /** Pauses matching requests in the browser before they are sent, and never lets them go. */
    void holdRequests(String urlPattern) {
        ((HasCdp) driver).executeCdpCommand("Fetch.enable",
                Map.of("patterns", List.of(Map.of("urlPattern", urlPattern, "requestStage", "Request"))));
    }

    Object script(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    Object asyncScript(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeAsyncScript(script, args);
    }

    void signIn(String email, String password) {
        open("/signin");
        find("input[name=email]").sendKeys(email);
        find("input[name=password]").sendKeys(password);
        find("form button[type=submit]").click();
    }

    /** What the browser's console reported about the Content-Security-Policy since the last call: nothing, we hope. */
    List<String> policyViolations() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream().map(LogEntry::getMessage)
                .filter(message -> message.contains("Content Security Policy") || message.contains("Refused to"))
                .toList();
    }

    /** Saves what the browser shows under target/console-screenshots/ for a person to look at. */
    void screenshot(String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public void close() {
        driver.quit();
    }
}
