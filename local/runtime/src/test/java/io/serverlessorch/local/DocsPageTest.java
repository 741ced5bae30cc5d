package io.serverlessorch.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.serverlessorch.testing.Browser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The local run's API documentation: {@code /openapi/openapi.yml} names this run first among its servers, and
 * {@code /docs} is Swagger UI over that document, served from this jar (nothing from the network).
 */
class DocsPageTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static LocalSystem system;

    @BeforeAll
    static void start() {
        system = LocalSystem.start(new LocalSystem.Options(0, null, 0));
    }

    @AfterAll
    static void stop() {
        system.close();
    }

    @Test
    void theDocumentServedLocallyNamesThisRunAsItsFirstServer() throws Exception {
        HttpResponse<String> document = get("/openapi/openapi.yml");
        assertEquals(200, document.statusCode());
        assertEquals("application/yaml", document.headers().firstValue("Content-Type").orElseThrow());
        List<String> urls = serverUrls(document.body());
        assertEquals(system.apiUrl().toString(), urls.get(0), document.body());
        // The deployed stage stays listed; the generated entry for a fixed local port gives way to this run's.
        assertTrue(urls.get(1).startsWith("https://{restApiId}.execute-api."), urls.toString());
        assertEquals(1, urls.stream().filter(url -> url.startsWith("http://localhost")).count(), urls.toString());
        assertTrue(document.body().contains("\n  /orders/{order_id}:\n"), "the rest of the document is as generated");
    }

    @Test
    void theRunIsNamedAsTheClientReachedIt() {
        assertEquals("http://127.0.0.1:8080", LocalOpenApiDocument.url("127.0.0.1:8080", "http://localhost:1"));
        assertEquals("http://[::1]:8080", LocalOpenApiDocument.url("[::1]:8080", "http://localhost:1"));
        // Nothing that would break out of the URL (or the YAML) is taken from the header.
        assertEquals("http://localhost:1", LocalOpenApiDocument.url("evil\"\n- url: x", "http://localhost:1"));
        assertEquals("http://localhost:1", LocalOpenApiDocument.url(null, "http://localhost:1"));
    }

    @Test
    void docsIsSwaggerUiFromThisJarOverTheDocument() throws Exception {
        HttpResponse<String> page = get("/docs");
        assertEquals(200, page.statusCode());
        assertEquals("text/html; charset=utf-8", page.headers().firstValue("Content-Type").orElseThrow());
        List<String> assets = new java.util.ArrayList<>();
        Matcher reference = Pattern.compile("(?:src|href)=\"([^\"]+)\"").matcher(page.body());
        while (reference.find()) {
            assets.add(reference.group(1));
        }
        assertTrue(assets.contains("/docs/swagger-ui-bundle.js") && assets.contains("/docs/swagger-ui.css"), assets.toString());
        for (String asset : assets) {
            assertTrue(asset.startsWith("/docs/"), asset + " is served by the run");
            HttpResponse<String> file = get(asset);
            assertEquals(200, file.statusCode(), asset);
            assertFalse(file.body().isEmpty(), asset);
        }
        assertFalse(page.body().contains("//"), "no address outside the run: " + page.body());

        assertEquals("text/javascript; charset=utf-8", get("/docs/swagger-ui-bundle.js").headers().firstValue("Content-Type").orElseThrow());
        assertEquals("text/css; charset=utf-8", get("/docs/swagger-ui.css").headers().firstValue("Content-Type").orElseThrow());
        assertEquals("image/png", get("/docs/favicon-32x32.png").headers().firstValue("Content-Type").orElseThrow());
        String initializer = get("/docs/docs-initializer.js").body();
        assertTrue(initializer.contains("url: \"/openapi/openapi.yml\""), initializer);
        assertTrue(initializer.contains("validatorUrl: null"), "Swagger UI's default validator is on the network: " + initializer);

        HttpResponse<String> missing = get("/docs/swagger-ui.js.map");
        assertEquals(404, missing.statusCode());
        assertEquals("application/problem+json", missing.headers().firstValue("Content-Type").orElseThrow());
        HttpResponse<String> posted = HTTP.send(HttpRequest.newBuilder(system.apiUrl().resolve("/docs"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(405, posted.statusCode());
        assertEquals("GET, HEAD", posted.headers().firstValue("Allow").orElseThrow());
    }

    @Test
    void docsDrawsEveryOperationWithoutTheNetwork() throws Exception {
        Browser.assumeAvailable();
        try (Browser browser = Browser.launch()) {
            browser.open(system.apiUrl().resolve("/docs"));
            browser.waitUntil("document.querySelectorAll('.opblock').length === 6", Duration.ofSeconds(30));
            List<String> operations = browser.evaluate(
                    "Array.from(document.querySelectorAll('.opblock .opblock-summary-path')).map(e => e.textContent.replace(/\\u200b/g, ''))");
            assertTrue(operations.contains("/orders/{order_id}/cancel"), operations.toString());
            String firstServer = browser.evaluate("document.querySelector('.servers select option').textContent");
            assertTrue(firstServer.startsWith(system.apiUrl().toString()), firstServer);
            List<String> loaded = browser.evaluate("performance.getEntriesByType('resource').map(e => e.name)");
            for (String url : loaded) {
                assertTrue(url.startsWith(system.apiUrl().toString() + "/"), url + " comes from the run");
            }
            assertEquals(List.of(), browser.consoleErrors());
            Path screenshot = Path.of("target", "docs.png");
            browser.screenshot(screenshot);
            assertTrue(Files.size(screenshot) > 10_000, "a screenshot of the page");
        }
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(system.apiUrl().resolve(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The servers' URLs, in order, read as YAML. */
    private static List<String> serverUrls(String yaml) throws Exception {
        JsonNode document = new ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory()).readTree(yaml);
        List<String> urls = new java.util.ArrayList<>();
        document.path("servers").forEach(server -> urls.add(server.path("url").asText()));
        return urls;
    }
}
