package dev.conveyor.bootstrap.console;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's chromium, driven through its own chromium-driver (never one Selenium would download), headless, with
 * a profile of its own that is deleted at the end. Where either is missing the tests say so and are skipped.
 */
final class Browser implements AutoCloseable {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    /** Longer than a refresh (5 s) and a stats sample (1 s) together, with room for a slow machine. */
    private static final Duration WAIT = Duration.ofSeconds(15);

    private final ChromeDriver driver;
    private final Path profile;
    private final String base;

    private Browser(ChromeDriver driver, Path profile, String base) {
        this.driver = driver;
        this.profile = profile;
        this.base = base;
    }

    /** A browser for the app at {@code base} (http://localhost:port), or the test is skipped saying why. */
    static Browser start(String base) {
        for (Path binary : List.of(CHROMIUM, CHROMEDRIVER)) {
            if (!Files.isExecutable(binary)) {
                String why = binary + " is missing: the console's browser tests are skipped (apt-get install chromium "
                        + "chromium-driver runs them; .ci/run does it)";
                System.err.println(why);
                assumeTrue(false, why);
            }
        }
        Path profile;
        try {
            profile = Files.createTempDirectory("conveyor-console-chromium");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--window-size=1280,800",
                "--user-data-dir=" + profile);
        // The page's console, read at the end: a Content-Security-Policy violation shows there.
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability(ChromeOptions.LOGGING_PREFS, logs);
        try {
            return new Browser(new ChromeDriver(service, options), profile, base);
        } catch (RuntimeException e) {
            deleteTree(profile);
            throw e;
        }
    }

    WebDriver driver() {
        return driver;
    }

    /**
     * Loads the console afresh at a route ("/queues/orders") and waits for it to have started: by way of a blank
     * page, as a new address differing only in its hash would not load the page again.
     */
    void open(String route) {
        driver.get("about:blank");
        driver.get(base + "/console/#" + route);
        try {
            until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("body[data-ready='true']")));
        } catch (TimeoutException e) {
            // A console that never starts has said why in the page's console.
            throw new AssertionError("the console did not start; the page's console: " + consoleMessages(), e);
        }
    }

    /** The console's own navigation: a new hash, as a click on a link sets it. */
    void go(String route) {
        ((JavascriptExecutor) driver).executeScript("location.hash = arguments[0]", route);
    }

    WebElement find(By by) {
        return until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    WebElement find(String css) {
        return find(By.cssSelector(css));
    }

    List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    void click(String css) {
        until(ExpectedConditions.elementToBeClickable(By.cssSelector(css))).click();
    }

    /** Clears the field and types into it, as a person would. */
    void type(String css, String text) {
        WebElement field = find(css);
        field.clear();
        field.sendKeys(text);
    }

    /** Waits until the element's text contains the words. */
    WebElement waitForText(String css, String text) {
        until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(css), text));
        return driver.findElement(By.cssSelector(css));
    }

    void waitForCount(String css, int count) {
        until(ExpectedConditions.numberOfElementsToBe(By.cssSelector(css), count));
    }

    <T> T until(java.util.function.Function<? super WebDriver, T> condition) {
        return new WebDriverWait(driver, WAIT).until(condition);
    }

    Object script(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    /**
     * What {@code function} (JavaScript text taking the module) answers for one of the console's modules
     * ("js/auth.js"), as JSON text: its pure functions, run in the page as the console runs them.
     */
    String callModule(String module, String function) {
        return (String) ((JavascriptExecutor) driver)
                .executeAsyncScript(
                        "const done = arguments[arguments.length - 1];"
                                + "import(new URL(arguments[0], document.baseURI).href)"
                                + ".then((m) => done(JSON.stringify((" + function + ")(m))))"
                                + ".catch((e) => done('failed: ' + e));",
                        module);
    }

    /** The page's console messages since the last call. */
    List<String> consoleMessages() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .map(LogEntry::getMessage)
                .toList();
    }

    void resize(int width, int height) {
        driver.manage().window().setSize(new Dimension(width, height));
    }

    /** A screenshot of the window, as PNG, into the file. */
    void screenshot(Path file) {
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * What the window shows and the page's text, into target/console-browser/: to look into a failure (a
     * screenshot says more than a timeout).
     */
    void keepForLookingInto(String name) {
        Path folder = Path.of("target", "console-browser");
        screenshot(folder.resolve(name + ".png"));
        try {
            Files.writeString(
                    folder.resolve(name + ".txt"),
                    driver.getCurrentUrl() + "\n\n"
                            + driver.findElement(By.tagName("body")).getText());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            deleteTree(profile);
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            System.err.println("could not delete the browser profile " + root + ": " + e);
        }
    }
}
