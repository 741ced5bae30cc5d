package io.serverlessorch.testing.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Assumptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A headless Chromium for browser tests, driven through the Chrome DevTools Protocol with nothing but the
 * JDK's WebSocket and Jackson. One browser, one page:
 *
 * <pre>{@code
 * HeadlessChromium.assumeAvailable();
 * try (HeadlessChromium chromium = HeadlessChromium.launch()) {
 *     chromium.open(URI.create("http://127.0.0.1:8080/"));
 *     chromium.waitUntil("document.querySelectorAll('.row').length > 0", Duration.ofSeconds(10));
 *     assertEquals(List.of(), chromium.consoleErrors());
 *     chromium.screenshot(Path.of("target/dashboard.png"));
 * }
 * }</pre>
 *
 * <p>The binary is {@code chromium}, {@code chromium-browser} or {@code google-chrome} on the PATH, or
 * the one the environment variable {@value #BINARY_ENV} names (a path or a name on the PATH). Every
 * DevTools command, and every page load, fails after {@link #COMMAND_TIMEOUT} rather than hanging.
 * Not thread-safe: use one instance from one test thread.
 */
public final class HeadlessChromium implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HeadlessChromium.class);

    /** Names the binary to launch (a path, or a name looked up on the PATH), instead of the usual names. */
    public static final String BINARY_ENV = "CHROMIUM";
    /** The binaries looked for on the PATH, in this order. */
    public static final List<String> BINARY_NAMES = List.of("chromium", "chromium-browser", "google-chrome");
    /** The viewport, in CSS pixels at device scale factor 1: the least size of a screenshot. */
    public static final int WIDTH = 1600;
    public static final int HEIGHT = 1200;
    /** How long the browser may take to come up and open its page. */
    public static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    /** How long one DevTools command, or one page load, may take. */
    public static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);

    private static final Duration POLL = Duration.ofMillis(100);
    private static final Pattern LISTENING = Pattern.compile("DevTools listening on ws://[^:/\\s]+:(\\d+)/");

    private final Path binary;
    private final Process process;
    private final Path tempDir;
    private final DevToolsConnection devTools;
    private final List<String> consoleErrors = new CopyOnWriteArrayList<>();
    private final Thread shutdownHook;
    private boolean closed;

    private HeadlessChromium(Path binary, Process process, Path tempDir, DevToolsConnection devTools) {
        this.binary = binary;
        this.process = process;
        this.tempDir = tempDir;
        this.devTools = devTools;
        // A test run that forgets close() (or is killed) must not leave browsers behind.
        this.shutdownHook = new Thread(() -> stopProcessTree(process), "headless-chromium-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    // ---------------------------------------------------------------- finding and launching

    /** The Chromium binary {@link #launch()} would start, if there is one. */
    public static Optional<Path> executable() {
        String override = System.getenv(BINARY_ENV);
        if (override != null && !override.isBlank()) {
            return find(override.trim()); // no fallback: a wrong override should show, not be papered over
        }
        return BINARY_NAMES.stream().map(HeadlessChromium::find).flatMap(Optional::stream).findFirst();
    }

    /** Whether a Chromium binary was found (see {@link #executable()}). */
    public static boolean available() {
        return executable().isPresent();
    }

    /**
     * For browser tests: returns when a Chromium is available; otherwise skips the test (a JUnit
     * assumption), except when the environment variable {@code CI} is {@code true}, where it fails it:
     * on CI a missing browser must not quietly turn browser tests into skips.
     */
    public static void assumeAvailable() {
        if (available()) {
            return;
        }
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new AssertionError(notFound() + " CI=true, so browser tests must run: install chromium"
                    + " (Debian: apt-get install --no-install-recommends chromium), or point " + BINARY_ENV
                    + " at a Chromium or Chrome binary.");
        }
        Assumptions.assumeTrue(false, notFound() + " Skipping this browser test (with CI=true it would fail).");
    }

    /**
     * Starts a headless Chromium on about:blank and connects to its page.
     *
     * @throws IllegalStateException when there is no binary, or the browser does not come up within
     *                               {@link #START_TIMEOUT} (the message carries the browser's output)
     */
    public static HeadlessChromium launch() {
        Path binary = executable().orElseThrow(() -> new IllegalStateException(notFound()));
        Path tempDir;
        try {
            tempDir = Files.createTempDirectory("headless-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path profile = tempDir.resolve("profile");
        Path log = tempDir.resolve("chromium.log");
        List<String> command = List.of(binary.toString(),
                "--headless=new", "--no-sandbox", "--disable-gpu",
                "--remote-debugging-port=0", "--user-data-dir=" + profile,
                "--window-size=" + WIDTH + "," + HEIGHT, "--force-device-scale-factor=1", "--hide-scrollbars",
                // /dev/shm is 64 MB in a default Docker container: too small for Chromium's shared memory
                "--disable-dev-shm-usage",
                // no calls home, no updates, no sound: nothing a test did not ask for
                "--disable-background-networking", "--disable-component-update", "--disable-extensions",
                "--disable-sync", "--mute-audio",
                "--no-first-run", "--no-default-browser-check", "about:blank");
        Process process = null;
        DevToolsConnection devTools = null;
        HeadlessChromium chromium = null;
        try {
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            process.getOutputStream().close();
            long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
            int port = awaitPort(process, profile.resolve("DevToolsActivePort"), log, deadline);
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
            URI page = awaitPageTarget(http, process, port, deadline);
            devTools = DevToolsConnection.open(http, page, COMMAND_TIMEOUT);
            chromium = new HeadlessChromium(binary, process, tempDir, devTools);
            chromium.listenForErrors();
            // New headless makes the viewport smaller than --window-size (1600x1057 of 1600x1200): set it.
            chromium.send("Emulation.setDeviceMetricsOverride", DevToolsConnection.JSON.createObjectNode()
                    .put("width", WIDTH).put("height", HEIGHT).put("deviceScaleFactor", 1).put("mobile", false));
            chromium.send("Page.enable", null);
            chromium.send("Runtime.enable", null);
            chromium.send("Log.enable", null);
            LOG.debug("Headless Chromium {} up, DevTools on port {}", binary, port);
            return chromium;
        } catch (Exception e) {
            String output = tail(log);
            if (chromium != null) {
                chromium.close();
            } else {
                if (devTools != null) {
                    devTools.close();
                }
                if (process != null) {
                    stopProcessTree(process);
                }
                deleteRecursively(tempDir);
            }
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("Headless Chromium (" + binary + ") did not come up: " + e.getMessage()
                    + "\nIts output:\n" + output, e);
        }
    }

    private static int awaitPort(Process process, Path activePortFile, Path log, long deadline) throws Exception {
        while (true) {
            Integer port = portFrom(activePortFile);
            if (port == null) {
                Matcher listening = LISTENING.matcher(read(log));
                port = listening.find() ? Integer.valueOf(listening.group(1)) : null;
            }
            if (port != null) {
                return port;
            }
            checkAlive(process);
            checkDeadline(deadline, "no DevTools port within " + DevToolsConnection.describe(START_TIMEOUT));
            Thread.sleep(POLL.toMillis() / 2);
        }
    }

    /** The first line of DevToolsActivePort, once the browser has written it whole. */
    private static Integer portFrom(Path activePortFile) {
        String content = read(activePortFile);
        int newline = content.indexOf('\n');
        if (newline <= 0) {
            return null;
        }
        try {
            return Integer.valueOf(content.substring(0, newline).trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The WebSocket of the browser's page (its about:blank tab), which may show up a little after the port. */
    private static URI awaitPageTarget(HttpClient http, Process process, int port, long deadline) throws Exception {
        URI list = URI.create("http://127.0.0.1:" + port + "/json/list");
        String lastProblem = "no answer yet";
        while (true) {
            try {
                HttpResponse<String> response = http.send(
                        HttpRequest.newBuilder(list).timeout(Duration.ofSeconds(10)).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    URI found = null;
                    for (JsonNode target : DevToolsConnection.JSON.readTree(response.body())) {
                        if ("page".equals(target.path("type").asText()) && target.hasNonNull("webSocketDebuggerUrl")) {
                            URI ws = URI.create(target.get("webSocketDebuggerUrl").asText());
                            if (found == null || "about:blank".equals(target.path("url").asText())) {
                                found = ws;
                            }
                        }
                    }
                    if (found != null) {
                        return found;
                    }
                    lastProblem = "no page among the targets: " + response.body();
                } else {
                    lastProblem = list + " answered " + response.statusCode();
                }
            } catch (IOException e) {
                lastProblem = list + ": " + e;
            }
            checkAlive(process);
            checkDeadline(deadline, "no page target within " + DevToolsConnection.describe(START_TIMEOUT)
                    + " (" + lastProblem + ")");
            Thread.sleep(POLL.toMillis());
        }
    }

    private static void checkAlive(Process process) {
        if (!process.isAlive()) {
            throw new IllegalStateException("it exited with code " + process.exitValue());
        }
    }

    private static void checkDeadline(long deadline, String message) throws TimeoutException {
        if (System.nanoTime() - deadline > 0) {
            throw new TimeoutException(message);
        }
    }

    private static Optional<Path> find(String nameOrPath) {
        if (nameOrPath.contains(File.separator)) {
            Path path = Path.of(nameOrPath);
            return Files.isRegularFile(path) && Files.isExecutable(path) ? Optional.of(path) : Optional.empty();
        }
        String pathVariable = System.getenv("PATH");
        if (pathVariable == null) {
            return Optional.empty();
        }
        return Stream.of(pathVariable.split(File.pathSeparator))
                .filter(dir -> !dir.isEmpty())
                .map(dir -> Path.of(dir).resolve(nameOrPath))
                .filter(path -> Files.isRegularFile(path) && Files.isExecutable(path))
                .findFirst();
    }

    private static String notFound() {
        String override = System.getenv(BINARY_ENV);
        if (override != null && !override.isBlank()) {
            return "No Chromium: " + BINARY_ENV + "=" + override + " is not an executable file, nor one on the PATH.";
        }
        return "No Chromium: none of " + String.join(", ", BINARY_NAMES) + " is on the PATH (or set " + BINARY_ENV + ").";
    }

    // ---------------------------------------------------------------- the page

    /**
     * Navigates to {@code url} and waits for its load event (all of the document's scripts, styles and
     * images done). A navigation within the same document (only the fragment changes) has no load
     * event, and returns at once.
     *
     * @throws DevToolsException when the browser cannot load it (refused, unknown host, …) or the load
     *                           event does not come within {@link #COMMAND_TIMEOUT}; an HTTP error status
     *                           is not a failure here (the page loads), a subresource's shows in
     *                           {@link #consoleErrors()}
     */
    public void open(URI url) {
        CompletableFuture<Void> loaded = new CompletableFuture<>();
        Consumer<JsonNode> onLoad = event -> loaded.complete(null);
        devTools.on("Page.loadEventFired", onLoad);
        try {
            ObjectNode params = DevToolsConnection.JSON.createObjectNode().put("url", url.toString());
            JsonNode navigation = send("Page.navigate", params);
            if (navigation.hasNonNull("errorText")) {
                throw new DevToolsException("Could not open " + url + ": " + navigation.get("errorText").asText());
            }
            if (!navigation.hasNonNull("loaderId")) {
                return;
            }
            loaded.get(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new DevToolsException(url + " did not finish loading (no load event) within "
                    + DevToolsConnection.describe(COMMAND_TIMEOUT) + "; console errors so far: " + describeErrors());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DevToolsException("Interrupted while opening " + url, e);
        } catch (ExecutionException e) {
            throw new DevToolsException("Opening " + url + ": " + e.getCause(), e.getCause());
        } finally {
            devTools.off("Page.loadEventFired", onLoad);
        }
    }

    /**
     * Evaluates a JavaScript expression in the page, awaiting it if it is a promise, and returns its
     * value as JSON turned into Java: {@code null} (also for {@code undefined}), {@link Boolean},
     * {@link String}, {@link Integer}/{@link Long}/{@link Double} (also NaN and the infinities),
     * {@link BigInteger} (a BigInt), {@link List} or {@link java.util.Map}. The caller picks the type
     * ({@code String title = chromium.evaluate("document.title")}); a wrong pick is a
     * {@link ClassCastException} there. For numbers, {@link #evaluate(String, Class)} is safer: whether
     * JavaScript's {@code 2.0} comes back as Integer or Double is up to the browser.
     *
     * @throws JavaScriptException when the expression throws, or its promise rejects
     */
    @SuppressWarnings("unchecked")
    public <T> T evaluate(String expression) {
        return (T) toJava(evaluateRemote(expression, COMMAND_TIMEOUT));
    }

    /** {@link #evaluate(String)}, converting the value to {@code type} as Jackson would (e.g. 2 to 2.0). */
    public <T> T evaluate(String expression, Class<T> type) {
        return DevToolsConnection.JSON.convertValue(toJava(evaluateRemote(expression, COMMAND_TIMEOUT)), type);
    }

    /**
     * Evaluates {@code jsCondition} (an expression; a promise is awaited) every 100 ms until it is
     * truthy. While it throws (say, an element not there yet) it counts as not yet true; a syntax
     * error fails at once.
     *
     * @throws AssertionError when {@code timeout} passes first, with the condition, what its last
     *                        evaluation gave, and the console errors seen so far
     */
    public void waitUntil(String jsCondition, Duration timeout) {
        String expression = "Promise.resolve((\n" + jsCondition + "\n)).then(v => !!v)";
        failOnSyntaxError(expression, jsCondition);
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "not evaluated";
        while (true) {
            long left = deadline - System.nanoTime();
            try {
                // The browser gets at least a second to answer, so a short timeout still means one try.
                Duration answerWithin = Duration.ofNanos(Math.max(left, Duration.ofSeconds(1).toNanos()));
                Object value = toJava(evaluateRemote(expression, answerWithin));
                if (Boolean.TRUE.equals(value)) {
                    return;
                }
                last = "false";
            } catch (JavaScriptException e) {
                last = "threw " + e.getMessage();
            } catch (DevToolsException e) {
                last = e.getMessage();
            }
            left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("Timed out after " + DevToolsConnection.describe(timeout) + " waiting for: "
                        + jsCondition + "\nLast evaluation: " + last + "\nConsole errors so far: " + describeErrors());
            }
            try {
                Thread.sleep(Math.min(POLL.toMillis(), Math.max(1, left / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DevToolsException("Interrupted waiting for: " + jsCondition, e);
            }
        }
    }

    /**
     * Every error the page reported since launch, in order, one line each with its source location
     * when the browser gave one: {@code console.error}/{@code console.assert} calls, uncaught
     * exceptions and promise rejections, and the browser's own error log (failed loads such as a
     * script's 404, blocked content, …). Not a missing {@code /favicon.ico}: the browser asks for it
     * on its own.
     */
    public List<String> consoleErrors() {
        return List.copyOf(consoleErrors);
    }

    /** Forgets the errors seen so far, e.g. before opening the next page. */
    public void clearConsoleErrors() {
        consoleErrors.clear();
    }

    /**
     * A PNG of the whole page, not just the viewport: {@link #WIDTH} pixels wide (or the page's width
     * if wider) and as tall as the page's content, at least {@link #HEIGHT}. Chromium cannot capture beyond its largest texture
     * (typically 16384 pixels): a longer page fails or is cut.
     */
    public byte[] screenshot() {
        JsonNode metrics = send("Page.getLayoutMetrics", null);
        // cssContentSize is in CSS pixels; contentSize (deprecated) is what older browsers give.
        JsonNode size = metrics.hasNonNull("cssContentSize") ? metrics.get("cssContentSize") : metrics.path("contentSize");
        ObjectNode params = DevToolsConnection.JSON.createObjectNode()
                .put("format", "png")
                .put("captureBeyondViewport", true)
                .put("fromSurface", true);
        params.putObject("clip")
                .put("x", 0)
                .put("y", 0)
                .put("width", Math.max(1, Math.ceil(size.path("width").asDouble())))
                .put("height", Math.max(1, Math.ceil(size.path("height").asDouble())))
                .put("scale", 1);
        return Base64.getDecoder().decode(send("Page.captureScreenshot", params).path("data").asText());
    }

    /** {@link #screenshot()} into {@code file}, creating its directory. */
    public void screenshot(Path file) {
        byte[] png = screenshot();
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.write(file, png);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Sends any DevTools command to the page (see the protocol's documentation) and returns its result,
     * for what the methods above do not cover.
     */
    public JsonNode send(String method, ObjectNode params) {
        return devTools.send(method, params, COMMAND_TIMEOUT);
    }

    /** The binary this browser runs. */
    public Path binary() {
        return binary;
    }

    /** Closes the connection, stops the browser and all its processes, and deletes its profile. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            devTools.close();
        } finally {
            stopProcessTree(process);
            deleteRecursively(tempDir);
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs anyway
            }
        }
    }

    // ---------------------------------------------------------------- internals

    private JsonNode evaluateRemote(String expression, Duration timeout) {
        ObjectNode params = DevToolsConnection.JSON.createObjectNode()
                .put("expression", expression)
                .put("returnByValue", true)
                .put("awaitPromise", true);
        JsonNode result = devTools.send("Runtime.evaluate", params, timeout);
        JsonNode exception = result.get("exceptionDetails");
        if (exception != null) {
            throw new JavaScriptException(exceptionText(exception));
        }
        return result.path("result");
    }

    private void failOnSyntaxError(String expression, String jsCondition) {
        ObjectNode params = DevToolsConnection.JSON.createObjectNode()
                .put("expression", expression)
                .put("sourceURL", "")
                .put("persistScript", false);
        JsonNode compiled;
        try {
            compiled = send("Runtime.compileScript", params);
        } catch (DevToolsException e) {
            return; // no verdict: the polling will tell
        }
        if (compiled.hasNonNull("exceptionDetails")) {
            throw new JavaScriptException("Not a JavaScript expression: " + jsCondition + "\n"
                    + exceptionText(compiled.get("exceptionDetails")));
        }
    }

    /** A RemoteObject, returned by value, as Java. */
    private static Object toJava(JsonNode remote) {
        if (remote.has("value")) {
            try {
                return DevToolsConnection.JSON.treeToValue(remote.get("value"), Object.class);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        String unserializable = remote.path("unserializableValue").asText(null);
        if (unserializable == null) {
            return null; // undefined
        }
        switch (unserializable) {
            case "NaN":
                return Double.NaN;
            case "Infinity":
                return Double.POSITIVE_INFINITY;
            case "-Infinity":
                return Double.NEGATIVE_INFINITY;
            case "-0":
                return -0.0d;
            default:
                return unserializable.endsWith("n")
                        ? new BigInteger(unserializable.substring(0, unserializable.length() - 1))
                        : unserializable;
        }
    }

    private void listenForErrors() {
        devTools.on("Runtime.consoleAPICalled", event -> {
            String type = event.path("type").asText();
            if (!"error".equals(type) && !"assert".equals(type)) {
                return;
            }
            List<String> args = new ArrayList<>();
            for (JsonNode arg : event.path("args")) {
                args.add(describe(arg));
            }
            String text = String.join(" ", args);
            if ("assert".equals(type)) {
                text = "Assertion failed" + (text.isEmpty() ? "" : ": " + text);
            }
            JsonNode frame = event.path("stackTrace").path("callFrames").path(0);
            consoleErrors.add("console." + type + ": " + text
                    + location(frame.path("url").asText(""), frame.path("lineNumber"), frame.path("columnNumber")));
        });
        devTools.on("Runtime.exceptionThrown", event -> consoleErrors.add(exceptionText(event.path("exceptionDetails"))));
        devTools.on("Log.entryAdded", event -> {
            JsonNode entry = event.path("entry");
            if ("error".equals(entry.path("level").asText()) && !implicitFavicon(entry)) {
                consoleErrors.add(entry.path("source").asText("browser") + ": " + entry.path("text").asText()
                        + location(entry.path("url").asText(""), entry.path("lineNumber"), null));
            }
        });
    }

    /**
     * Whether a log entry is the failure of the favicon the browser asks every site for on its own
     * (not the page's doing, and absent from most test servers).
     */
    private static boolean implicitFavicon(JsonNode entry) {
        if (!"network".equals(entry.path("source").asText())) {
            return false;
        }
        try {
            return "/favicon.ico".equals(URI.create(entry.path("url").asText("")).getPath());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** "Uncaught Error: boom (http://host/page.html:12:5)", from a Runtime.ExceptionDetails. */
    private static String exceptionText(JsonNode details) {
        String text = details.path("text").asText("Uncaught");
        JsonNode exception = details.path("exception");
        String what = exception.hasNonNull("description") ? firstLine(exception.get("description").asText())
                : exception.has("value") ? exception.get("value").asText(exception.get("value").toString())
                : null;
        String message = what == null || what.isEmpty() ? text : text + " " + what;
        String url = details.path("url").asText("");
        JsonNode line = details.path("lineNumber");
        JsonNode column = details.path("columnNumber");
        if (url.isEmpty()) {
            JsonNode frame = details.path("stackTrace").path("callFrames").path(0);
            url = frame.path("url").asText("");
            line = frame.path("lineNumber");
            column = frame.path("columnNumber");
        }
        return message + location(url, line, column);
    }

    /** " (url:line:column)", 1-based as an editor counts, from the protocol's 0-based numbers. */
    private static String location(String url, JsonNode line, JsonNode column) {
        if (url.isEmpty()) {
            return "";
        }
        StringBuilder at = new StringBuilder(" (").append(url);
        if (line != null && line.isNumber()) {
            at.append(':').append(line.asInt() + 1);
            if (column != null && column.isNumber()) {
                at.append(':').append(column.asInt() + 1);
            }
        }
        return at.append(')').toString();
    }

    /** A console argument (a RemoteObject not returned by value) as the console would print it. */
    private static String describe(JsonNode remote) {
        if (remote.has("value")) {
            JsonNode value = remote.get("value");
            return value.isTextual() ? value.asText() : value.toString();
        }
        if (remote.hasNonNull("unserializableValue")) {
            return remote.get("unserializableValue").asText();
        }
        String subtype = remote.path("subtype").asText("");
        JsonNode preview = remote.get("preview");
        if (preview != null && (subtype.isEmpty() || "array".equals(subtype))) {
            boolean array = "array".equals(subtype);
            StringJoiner shown = new StringJoiner(", ", array ? "[" : "{",
                    (preview.path("overflow").asBoolean() ? ", …" : "") + (array ? "]" : "}"));
            for (JsonNode property : preview.path("properties")) {
                String value = property.path("value").asText();
                if ("string".equals(property.path("type").asText())) {
                    value = "'" + value + "'";
                }
                shown.add(array ? value : property.path("name").asText() + ": " + value);
            }
            return shown.toString();
        }
        if (remote.hasNonNull("description")) {
            // An Error's description is its stack: its first line is the message
            String description = remote.get("description").asText();
            return "error".equals(subtype) ? firstLine(description) : description;
        }
        return remote.path("type").asText("undefined");
    }

    private static String firstLine(String text) {
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }

    private String describeErrors() {
        List<String> errors = consoleErrors();
        return errors.isEmpty() ? "(none)" : "\n  " + String.join("\n  ", errors);
    }

    /** Stops the browser and every process it started (renderers, zygotes, the GPU process, …). */
    private static void stopProcessTree(Process process) {
        // Listed first: once the parent is gone its children are reparented and no longer its descendants.
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        tree.add(0, process.toHandle());
        tree.forEach(ProcessHandle::destroy);
        // Polled: onExit() of a process that is not our child polls too, but only every second or two.
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (tree.stream().anyMatch(HeadlessChromium::running) && System.nanoTime() - deadline < 0) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        tree.stream().filter(HeadlessChromium::running).forEach(ProcessHandle::destroyForcibly);
    }

    /**
     * Alive and not a zombie. The browser's children outlive it as zombies until the system's init
     * reaps them, which in some containers takes a second or more, and isAlive() counts them alive.
     */
    private static boolean running(ProcessHandle process) {
        if (!process.isAlive()) {
            return false;
        }
        String stat = read(Path.of("/proc", Long.toString(process.pid()), "stat"));
        int afterName = stat.lastIndexOf(')');
        return afterName < 0 || afterName + 2 >= stat.length() || stat.charAt(afterName + 2) != 'Z';
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    LOG.debug("Could not delete {}: {}", path, e.toString());
                }
            });
        } catch (IOException e) {
            LOG.debug("Could not delete {}: {}", dir, e.toString());
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** The end of the browser's output, for a failure message. */
    private static String tail(Path log) {
        String output = read(log);
        return output.length() <= 6000 ? output : "…" + output.substring(output.length() - 6000);
    }

    /** A DevTools command that failed, timed out, or could not be sent; or a page that could not be opened. */
    public static class DevToolsException extends RuntimeException {
        public DevToolsException(String message) {
            super(message);
        }

        public DevToolsException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The page threw (or a promise rejected) while evaluating an expression; the message is what it threw. */
    public static final class JavaScriptException extends RuntimeException {
        public JavaScriptException(String message) {
            super(message);
        }
    }
}
