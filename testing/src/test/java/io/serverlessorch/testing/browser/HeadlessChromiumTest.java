package io.serverlessorch.testing.browser;

import com.sun.net.httpserver.HttpServer;
import io.serverlessorch.testing.browser.HeadlessChromium.JavaScriptException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Drives a real headless Chromium against pages served here. Skipped where there is no Chromium,
 * unless CI=true (then it fails). No timing assertions: every wait is a generous bound that only
 * matters when something is broken.
 */
class HeadlessChromiumTest {

    /** Bounds for waits that succeed at once when all is well; only a broken browser reaches them. */
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private static final String CANVAS_PAGE = """
            <!doctype html>
            <html><head><meta charset="utf-8"><title>canvas</title>
            <style>body { margin: 0; background: #fff } canvas { position: absolute; left: 300px; top: 200px }</style>
            </head><body>
            <canvas id="chart" width="240" height="120"></canvas>
            <script>
              window.sumOfSquares = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].reduce((sum, n) => sum + n * n, 0);
              const context = document.getElementById('chart').getContext('2d');
              context.fillStyle = 'rgb(30, 144, 255)';
              context.fillRect(0, 0, 240, 120);
              setTimeout(() => { window.ready = true; }, 200);
            </script>
            </body></html>
            """;

    private static final String TALL_PAGE = """
            <!doctype html>
            <html><head><meta charset="utf-8"><title>tall</title><style>body { margin: 0 }</style></head><body>
            <div style="height: 4000px; background: rgb(255, 255, 255)"></div>
            <div style="height: 200px; background: rgb(200, 30, 60)"></div>
            </body></html>
            """;

    private static final String ERRORS_PAGE = """
            <!doctype html>
            <html><head><meta charset="utf-8"><title>errors</title></head><body>
            <script>console.error('boom');</script>
            <script src="/missing.js"></script>
            <script>throw new Error('kaboom');</script>
            </body></html>
            """;

    private static final String CLEAN_PAGE = """
            <!doctype html>
            <html><head><meta charset="utf-8"><title>clean</title></head><body>
            <p>Nothing wrong here.</p>
            <script>console.log('fine'); console.warn('only a warning'); window.done = true;</script>
            </body></html>
            """;

    private static HttpServer server;
    private HeadlessChromium chromium;

    @BeforeAll
    static void serve() throws IOException {
        Map<String, String> pages = Map.of(
                "/canvas.html", CANVAS_PAGE, "/tall.html", TALL_PAGE,
                "/errors.html", ERRORS_PAGE, "/clean.html", CLEAN_PAGE);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String page = pages.get(exchange.getRequestURI().getPath());
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
        HeadlessChromium.assumeAvailable();
        chromium = HeadlessChromium.launch();
    }

    @AfterEach
    void close() {
        if (chromium != null) {
            chromium.close();
        }
    }

    private static URI page(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    @Test
    void evaluatesWaitsAndTakesAScreenshotOfTheCanvas() throws IOException {
        chromium.open(page("/canvas.html"));

        assertEquals(385, (Integer) chromium.evaluate("window.sumOfSquares"));
        assertEquals("canvas", chromium.evaluate("document.title"));
        chromium.waitUntil("window.ready === true", PATIENCE);

        byte[] png = chromium.screenshot();
        assertArrayEquals(PNG_SIGNATURE, Arrays.copyOf(png, PNG_SIGNATURE.length));
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertEquals(HeadlessChromium.WIDTH, image.getWidth());
        assertEquals(HeadlessChromium.HEIGHT, image.getHeight(), "a page shorter than the viewport: the viewport");
        List<Number> centre = chromium.evaluate(
                "(() => { const r = document.getElementById('chart').getBoundingClientRect();"
                        + " return [r.left + r.width / 2, r.top + r.height / 2]; })()");
        assertColour(30, 144, 255, image, centre.get(0).intValue(), centre.get(1).intValue());

        Path file = Path.of("target", "browser-tests", "canvas.png");
        chromium.screenshot(file);
        assertArrayEquals(PNG_SIGNATURE, Arrays.copyOf(Files.readAllBytes(file), PNG_SIGNATURE.length));
    }

    @Test
    void aScreenshotHoldsAllOfATallPage() throws IOException {
        chromium.open(page("/tall.html"));

        BufferedImage image = ImageIO.read(new ByteArrayInputStream(chromium.screenshot()));

        assertEquals(HeadlessChromium.WIDTH, image.getWidth());
        assertEquals(4200, image.getHeight());
        assertColour(255, 255, 255, image, 800, 100);
        assertColour(200, 30, 60, image, 800, 4100);
        assertColour(200, 30, 60, image, 10, 4190);
    }

    @Test
    void evaluateAwaitsPromisesConvertsValuesAndReportsWhatThePageThrows() {
        chromium.open(page("/clean.html"));

        assertEquals("later", chromium.evaluate("new Promise(resolve => setTimeout(() => resolve('later'), 50))"));
        assertEquals(2.0, chromium.evaluate("1 + 1", Double.class));
        assertEquals(Map.of("a", List.of(1, "two", true)), chromium.evaluate("({ a: [1, 'two', true] })"));
        assertNull(chromium.evaluate("undefined"));
        assertTrue(Double.isNaN(chromium.evaluate("0 / 0", Double.class)));
        String large = chromium.evaluate("'0123456789'.repeat(100000)"); // 1 MB: many WebSocket fragments
        assertEquals(1_000_000, large.length());
        assertTrue(large.startsWith("0123456789") && large.endsWith("0123456789"));

        JavaScriptException thrown = assertThrows(JavaScriptException.class,
                () -> chromium.evaluate("(() => { throw new Error('nope'); })()"));
        assertTrue(thrown.getMessage().contains("nope"), thrown.getMessage());
        JavaScriptException rejected = assertThrows(JavaScriptException.class,
                () -> chromium.evaluate("Promise.reject(new TypeError('refused'))"));
        assertTrue(rejected.getMessage().contains("TypeError: refused"), rejected.getMessage());
    }

    @Test
    void waitUntilFailsWithTheConditionAndTheConsoleErrors() throws InterruptedException {
        chromium.open(page("/errors.html"));
        awaitErrors(errors -> errors.size() >= 3);

        AssertionError timedOut = assertThrows(AssertionError.class,
                () -> chromium.waitUntil("window.neverSet === true", Duration.ofMillis(300)));

        assertTrue(timedOut.getMessage().contains("window.neverSet === true"), timedOut.getMessage());
        assertTrue(timedOut.getMessage().contains("kaboom"), timedOut.getMessage());
        assertThrows(JavaScriptException.class, () -> chromium.waitUntil("window.ready ===", PATIENCE),
                "a syntax error fails at once rather than after the timeout");
    }

    @Test
    void reportsConsoleErrorsUncaughtExceptionsAndFailedLoads() throws InterruptedException {
        chromium.open(page("/errors.html"));

        List<String> errors = awaitErrors(seen -> seen.size() >= 3);

        assertEquals(3, errors.size(), "one each: " + errors);
        assertTrue(errors.stream().anyMatch(e -> e.startsWith("console.error: boom (" + page("/errors.html"))), errors::toString);
        assertTrue(errors.stream().anyMatch(e -> e.startsWith("Uncaught Error: kaboom (" + page("/errors.html"))), errors::toString);
        assertTrue(errors.stream().anyMatch(e -> e.contains("404") && e.contains(page("/missing.js").toString())), errors::toString);
    }

    @Test
    void aCleanPageHasNoConsoleErrors() {
        chromium.open(page("/clean.html"));
        chromium.waitUntil("window.done === true", PATIENCE);

        assertEquals(List.of(), chromium.consoleErrors());
    }

    /** The console errors, once {@code enough} holds for them (they may trail the load event). */
    private List<String> awaitErrors(Predicate<List<String>> enough) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        List<String> errors = chromium.consoleErrors();
        while (!enough.test(errors) && System.nanoTime() - deadline < 0) {
            Thread.sleep(50);
            chromium.evaluate("0"); // a round trip: events the page sent before its answer have been handled
            errors = chromium.consoleErrors();
        }
        return errors;
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
