package io.serverlessorch.testing;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.JavascriptException;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * A headless Chromium for browser tests, driven by Selenium through the system's chromedriver: both come
 * from Debian's {@code chromium} and {@code chromium-driver} packages, or from the paths (or names on the
 * PATH) that {@value #CHROME_ENV} and {@value #CHROMEDRIVER_ENV} give. The driver's path is always given, so
 * Selenium Manager never runs: nothing is downloaded at test time. One browser, one page, one test thread:
 *
 * <pre>{@code
 * Browser.assumeAvailable();
 * try (Browser browser = Browser.launch()) {
 *     browser.open(URI.create("http://127.0.0.1:8080/"));
 *     browser.waitUntil("document.querySelectorAll('.row').length > 0", Duration.ofSeconds(10));
 *     assertEquals(List.of(), browser.consoleErrors());
 *     browser.screenshot(Path.of("target/page.png"));
 * }
 * }</pre>
 */
public final class Browser implements AutoCloseable {

    public static final String CHROME_ENV = "CHROME_BINARY";
    public static final String CHROMEDRIVER_ENV = "CHROMEDRIVER";
    private static final List<String> CHROME_NAMES = List.of("chromium", "chromium-browser", "google-chrome");
    private static final List<String> CHROMEDRIVER_NAMES = List.of("chromedriver");
    private static final String INSTALL = "apt-get install --no-install-recommends chromium chromium-driver";
    /** The viewport in CSS pixels, at device scale factor 1: the least size of a screenshot. */
    public static final int WIDTH = 1600;
    public static final int HEIGHT = 1200;
    /** How long a page load, or one script, may take. */
    public static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** Held: its level would not stick to a logger no one references. */
    private static final Logger CDP_VERSION_LOG = Logger.getLogger("org.openqa.selenium.devtools.CdpVersionFinder");

    static {
        // Its warning that no CDP version matches this Chromium is about selenium-devtools, which these tests
        // do without: the CDP commands they send go through chromedriver.
        CDP_VERSION_LOG.setLevel(Level.SEVERE);
    }

    private final ChromeDriver driver;
    private final List<String> consoleErrors = new ArrayList<>();

    private Browser(ChromeDriver driver) {
        this.driver = driver;
    }

    /**
     * For browser tests: returns when Chromium and chromedriver are found; otherwise skips the test (a JUnit
     * assumption), except with {@code CI=true}, where it fails it: on CI a missing browser must not quietly
     * turn browser tests into skips.
     */
    public static void assumeAvailable() {
        Optional<String> missing = missing();
        if (missing.isEmpty()) {
            return;
        }
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new AssertionError(missing.get() + " CI=true, so browser tests must run: install them (Debian: "
                    + INSTALL + "), or set " + CHROME_ENV + " and " + CHROMEDRIVER_ENV + ".");
        }
        Assumptions.abort(missing.get() + " Skipping this browser test (with CI=true it would fail; Debian: " + INSTALL + ").");
    }

    /** Starts a headless Chromium, on about:blank, through the system's chromedriver. */
    public static Browser launch() {
        missing().ifPresent(problem -> {
            throw new IllegalStateException(problem + " Debian: " + INSTALL);
        });
        ChromeOptions options = new ChromeOptions()
                .setBinary(find(CHROME_ENV, CHROME_NAMES).orElseThrow().toFile())
                .addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                        "--window-size=" + WIDTH + "," + HEIGHT, "--force-device-scale-factor=1",
                        // /dev/shm is 64 MB in a default Docker container: too small for Chromium's shared memory
                        "--disable-dev-shm-usage",
                        // no calls home, no updates, no sound: nothing a test did not ask for
                        "--disable-background-networking", "--disable-component-update", "--disable-extensions",
                        "--disable-sync", "--mute-audio");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability(ChromeOptions.LOGGING_PREFS, logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(find(CHROMEDRIVER_ENV, CHROMEDRIVER_NAMES).orElseThrow().toFile())
                .usingAnyFreePort()
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        try {
            driver.manage().timeouts().pageLoadTimeout(TIMEOUT).scriptTimeout(TIMEOUT);
            // New headless makes the viewport smaller than --window-size (1600x1057 of 1600x1200): set it.
            driver.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                    Map.of("width", WIDTH, "height", HEIGHT, "deviceScaleFactor", 1, "mobile", false));
            return new Browser(driver);
        } catch (RuntimeException e) {
            driver.quit();
            throw e;
        }
    }

    /** Navigates to {@code url} and waits for its load event. */
    public void open(URI url) {
        driver.get(url.toString());
    }

    /**
     * The value of a JavaScript expression (a promise is awaited), as Selenium returns it: {@code null},
     * Boolean, Long, Double, String, List or Map. The caller picks the type; a wrong pick is a
     * ClassCastException there.
     */
    @SuppressWarnings("unchecked")
    public <T> T evaluate(String expression) {
        return (T) driver.executeScript("return (\n" + expression + "\n);");
    }

    /** {@link #evaluate(String)}, checked to be a {@code type} (a JavaScript integer is a Long). */
    public <T> T evaluate(String expression, Class<T> type) {
        return type.cast(evaluate(expression));
    }

    /**
     * Evaluates {@code jsCondition} until it is truthy. While it throws (say, an element not there yet) it
     * counts as not yet true; a syntax error fails at once.
     *
     * @throws AssertionError when {@code timeout} passes first, with the condition, what its last
     *                        evaluation gave and the console errors seen so far
     */
    public void waitUntil(String jsCondition, Duration timeout) {
        driver.executeScript("new Function('return (\\n' + arguments[0] + '\\n);');", jsCondition);
        String[] last = {"not evaluated"};
        try {
            new WebDriverWait(driver, timeout, Duration.ofMillis(100)).until(page -> {
                try {
                    boolean truthy = Boolean.TRUE.equals(evaluate("Promise.resolve((\n" + jsCondition + "\n)).then(v => !!v)"));
                    last[0] = String.valueOf(truthy);
                    return truthy;
                } catch (JavascriptException e) {
                    last[0] = "threw " + e.getRawMessage();
                    return false;
                }
            });
        } catch (TimeoutException e) {
            throw new AssertionError("Timed out after " + timeout + " waiting for: " + jsCondition
                    + "\nLast evaluation: " + last[0] + "\nConsole errors so far: " + consoleErrors(), e);
        }
    }

    /**
     * Every error the page reported since launch, in order: {@code console.error} and {@code console.assert},
     * uncaught exceptions and rejections, and the browser's own errors (a script's 404, blocked content, …).
     * Not a missing {@code /favicon.ico}: the browser asks for it on its own.
     */
    public List<String> consoleErrors() {
        // chromedriver hands out each entry once: keep them for the next call
        for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
            if (entry.getLevel().intValue() >= Level.SEVERE.intValue() && !implicitFavicon(entry.getMessage())) {
                consoleErrors.add(entry.getMessage());
            }
        }
        return List.copyOf(consoleErrors);
    }

    /** A PNG of the whole page (not just the viewport) into {@code file}, creating its folder. */
    public void screenshot(Path file) {
        Map<String, Object> metrics = driver.executeCdpCommand("Page.getLayoutMetrics", Map.of());
        @SuppressWarnings("unchecked")
        Map<String, Number> size = (Map<String, Number>) metrics.get("cssContentSize");
        Map<String, Object> clip = Map.of("x", 0, "y", 0, "scale", 1,
                "width", Math.max(1, Math.ceil(size.get("width").doubleValue())),
                "height", Math.max(1, Math.ceil(size.get("height").doubleValue())));
        String png = (String) driver.executeCdpCommand("Page.captureScreenshot",
                Map.of("format", "png", "captureBeyondViewport", true, "clip", clip)).get("data");
        try {
            Path folder = file.toAbsolutePath().getParent();
            if (folder != null) {
                Files.createDirectories(folder);
            }
            Files.write(file, Base64.getDecoder().decode(png));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The driver itself, for what the methods above do not cover. */
    public ChromeDriver driver() {
        return driver;
    }

    /** Stops the browser and its chromedriver. */
    @Override
    public void close() {
        driver.quit();
    }

    /** What is missing to launch, if anything. */
    private static Optional<String> missing() {
        List<String> problems = new ArrayList<>();
        if (find(CHROME_ENV, CHROME_NAMES).isEmpty()) {
            problems.add("No Chromium: " + whereLooked(CHROME_ENV, CHROME_NAMES) + ".");
        }
        if (find(CHROMEDRIVER_ENV, CHROMEDRIVER_NAMES).isEmpty()) {
            problems.add("No chromedriver: " + whereLooked(CHROMEDRIVER_ENV, CHROMEDRIVER_NAMES) + ".");
        }
        return problems.isEmpty() ? Optional.empty() : Optional.of(String.join(" ", problems));
    }

    private static String whereLooked(String env, List<String> names) {
        String override = System.getenv(env);
        return override != null && !override.isBlank()
                ? env + "=" + override + " is not an executable file, nor one on the PATH"
                : "none of " + String.join(", ", names) + " is on the PATH (or set " + env + ")";
    }

    /** The binary the environment variable names (no fallback: a wrong one should show), else the first name on the PATH. */
    private static Optional<Path> find(String env, List<String> names) {
        String override = System.getenv(env);
        List<String> wanted = override != null && !override.isBlank() ? List.of(override.trim()) : names;
        String pathVariable = System.getenv().getOrDefault("PATH", "");
        return wanted.stream()
                .flatMap(name -> name.contains(File.separator) ? Stream.of(Path.of(name))
                        : Stream.of(pathVariable.split(File.pathSeparator)).filter(dir -> !dir.isEmpty()).map(dir -> Path.of(dir, name)))
                .filter(path -> Files.isRegularFile(path) && Files.isExecutable(path))
                .findFirst();
    }

    /** chromedriver's line for a failed load starts with its URL: "http://host/favicon.ico - Failed to load resource: …". */
    private static boolean implicitFavicon(String message) {
        int space = message.indexOf(' ');
        try {
            return space > 0 && "/favicon.ico".equals(URI.create(message.substring(0, space)).getPath());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
