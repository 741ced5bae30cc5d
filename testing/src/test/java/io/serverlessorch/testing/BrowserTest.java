package io.serverlessorch.testing;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.JavascriptException;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the browser tests rely on beyond Selenium itself: console errors of every kind (and not the
 * favicon), whole-page screenshots, and waits that say what they waited for. Skipped where there is no
 * Chromium or chromedriver, unless CI=true (then it fails).
 */
class BrowserTest {

    /** A bound that only a broken browser reaches. */
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private static final Map<String, String> PAGES = Map.of(
            "/tall.html", """
                    <!doctype html>
                    <html><head><meta charset="utf-8"><style>body { margin: 0 }</style></head><body>
                    <div style="height: 4000px; background: rgb(255, 255, 255)"></div>
                    <div style="height: 200px; background: rgb(200, 30, 60)"></div>
                    </body></html>
                    """,
            "/errors.html", """
                    <!doctype html>
                    <html><head><meta charset="utf-8"></head><body>
                    <script>console.error('boom');</script>
                    <script src="/missing.js"></script>
                    <script>throw new Error('kaboom');</script>
                    <script>window.done = true;</script>
                    </body></html>
                    """,
            "/clean.html", """
                    <!doctype html>
                    <html><head><meta charset="utf-8"></head><body>
                    <script>console.log('fine'); console.warn('only a warning'); window.done = true;</script>
                    </body></html>
                    """);

    private static HttpServer server;
    private Browser browser;

    @BeforeAll
    static void serve() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String page = PAGES.get(exchange.getRequestURI().getPath());
            byte[] body = (page == null ? "not found" : page).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", page == null ? "text/plain" : "text/html; charset=utf-8");
            exchange.sendResponseHeaders(page == null ? 404 : 200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    @AfterAll
    static void stopServing() {
        if (server != null) {
            server.stop(0);
        }
    }

    @BeforeEach
    void launch() {
        Browser.assumeAvailable();
        browser = Browser.launch();
    }

    @AfterEach
    void close() {
        if (browser != null) {
            browser.close();
        }
    }

    private static URI page(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    @Test
    void reportsConsoleErrorsUncaughtExceptionsAndFailedLoadsButNotTheFavicon() {
        browser.open(page("/errors.html"));
        browser.waitUntil("window.done === true", PATIENCE);

        List<String> errors = browser.consoleErrors();

        assertEquals(3, errors.size(), "one each: " + errors);
        assertTrue(errors.stream().anyMatch(e -> e.startsWith(page("/errors.html").toString()) && e.contains("boom")), errors::toString);
        assertTrue(errors.stream().anyMatch(e -> e.startsWith(page("/errors.html").toString()) && e.contains("Uncaught Error: kaboom")), errors::toString);
        assertTrue(errors.stream().anyMatch(e -> e.startsWith(page("/missing.js").toString()) && e.contains("404")), errors::toString);
        assertEquals(errors, browser.consoleErrors(), "the errors are kept, not handed out once");
    }

    @Test
    void aCleanPageHasNoConsoleErrors() {
        browser.open(page("/clean.html"));
        browser.waitUntil("window.done === true", PATIENCE);

        assertEquals(List.of(), browser.consoleErrors());
    }

    @Test
    void aScreenshotHoldsAllOfATallPage() throws IOException {
        browser.open(page("/tall.html"));
        Path file = Path.of("target", "browser-tests", "tall.png");

        browser.screenshot(file);

        BufferedImage image = ImageIO.read(file.toFile());
        assertEquals(Browser.WIDTH, image.getWidth());
        assertEquals(4200, image.getHeight());
        assertColour(255, 255, 255, image, 800, 100);
        assertColour(200, 30, 60, image, 800, 4100);
    }

    @Test
    void waitUntilFailsWithTheConditionItsLastValueAndTheConsoleErrors() {
        browser.open(page("/errors.html"));
        browser.waitUntil("window.done === true", PATIENCE);

        AssertionError timedOut = assertThrows(AssertionError.class,
                () -> browser.waitUntil("window.never.set === true", Duration.ofMillis(300)));

        assertTrue(timedOut.getMessage().contains("window.never.set === true"), timedOut.getMessage());
        assertTrue(timedOut.getMessage().contains("threw") && timedOut.getMessage().contains("undefined"), timedOut.getMessage());
        assertTrue(timedOut.getMessage().contains("kaboom"), timedOut.getMessage());
        assertThrows(JavascriptException.class, () -> browser.waitUntil("window.done ===", PATIENCE),
                "a syntax error fails at once rather than after the timeout");
    }

    @Test
    void evaluateAwaitsPromises() {
        browser.open(page("/clean.html"));

        assertEquals("later", browser.evaluate("new Promise(resolve => setTimeout(() => resolve('later'), 50))"));
        assertEquals(385L, (Long) browser.evaluate("[1, 2, 3, 4, 5, 6, 7, 8, 9, 10].reduce((sum, n) => sum + n * n, 0)"));
    }

    private static void assertColour(int red, int green, int blue, BufferedImage image, int x, int y) {
        int rgb = image.getRGB(x, y);
        int r = (rgb >> 16) & 0xff;
        int g = (rgb >> 8) & 0xff;
        int b = rgb & 0xff;
        // A little slack for colour management; the page's colours are far apart.
        assertTrue(Math.abs(r - red) <= 3 && Math.abs(g - green) <= 3 && Math.abs(b - blue) <= 3,
                () -> "pixel (" + x + ", " + y + ") is rgb(" + r + ", " + g + ", " + b + "), expected rgb("
                        + red + ", " + green + ", " + blue + ")");
    }
}
