package io.serverlessorch.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import io.serverlessorch.storage.dynamodb.TableNames;
import io.serverlessorch.support.ApiGateway;
import io.serverlessorch.support.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The OpenAPI document generated from the controllers: served as YAML, and clean under Redocly CLI's rules
 * (app/redocly.yaml), so a client generator can take it as it is. The lint needs {@code npx} (Node.js).
 */
class OpenApiDocumentTest {

    /** Pinned: a new release may bring new rules. */
    static final String REDOCLY_CLI = "@redocly/cli@2.77.0";

    /**
     * The API's published contract: clients are generated from docs/openapi.yml, and the contract tests (local/contract)
     * hold the running API to it. A change of the code that changes the document fails here first, so the change
     * of the contract is made on purpose and reviewed as such, never by accident.
     */
    @Test
    void thePublishedContractIsTheDocumentTheCodeMakes() throws Exception {
        Path generated = Path.of("target", "classes", "META-INF", "swagger", "openapi.yml");
        Path published = Path.of("..", "docs", "openapi.yml");
        List<String> made = Files.readAllLines(generated);
        List<String> kept = Files.readAllLines(published);
        for (int line = 0; line < Math.max(made.size(), kept.size()); line++) {
            String ours = line < made.size() ? made.get(line) : "(end of document)";
            String theirs = line < kept.size() ? kept.get(line) : "(end of document)";
            assertEquals(theirs, ours, "The API's document changed at line " + (line + 1) + ". If the change is meant, publish it: "
                    + "cp app/target/classes/META-INF/swagger/openapi.yml docs/openapi.yml (and say in the commit what clients see)");
        }
    }

    @Test
    void theDocumentIsServedAsYaml() {
        // Serving the document touches no table.
        try (ApiGateway api = new ApiGateway(URI.create("http://localhost:1"), new TableNames("unused", "unused"))) {
            APIGatewayProxyResponseEvent doc = api.send("GET", "/openapi/openapi.yml", null, Map.of("Accept", "*/*"));
            assertEquals(200, doc.getStatusCode());
            assertEquals("application/yaml", doc.getHeaders().get("Content-Type"));
            assertTrue(doc.getBody().startsWith("openapi: 3.0"), doc.getBody());
            // The names a client sends and reads are the API's snake_case ones.
            assertTrue(doc.getBody().contains("\n        customer_id:\n"), doc.getBody());
            assertTrue(doc.getBody().contains("x-amazon-apigateway-authtype: awsSigv4"), doc.getBody());

            APIGatewayProxyResponseEvent missing = api.get("/openapi/none.yml");
            assertEquals(404, missing.getStatusCode());
            assertEquals(Problem.MEDIA_TYPE, missing.getHeaders().get("Content-Type"));
        }
    }

    @Test
    void theWebhookAsksForNoSigV4AndBothWaysOutOfAWaitDocumentTheirErrors() throws Exception {
        String document = Files.readString(generatedDocument());
        String webhook = pathBlock(document, "/payments/webhook");
        String cancel = pathBlock(document, "/orders/{order_id}/cancel");

        // The provider cannot sign SigV4: its operation overrides the document's sigv4 with an empty requirement.
        assertTrue(webhook.contains("      security:\n      - {}\n"), webhook);
        assertTrue(!webhook.contains("sigv4"), webhook);
        assertTrue(webhook.contains("$ref: \"#/components/schemas/PaymentEvent\""), webhook);
        for (String status : new String[] {"200", "400", "401", "404", "409", "413", "415"}) {
            assertTrue(webhook.contains("\"" + status + "\":"), "the webhook documents " + status);
        }
        assertTrue(!cancel.contains("security:"), "a cancel is SigV4-signed like every other operation: " + cancel);
        assertTrue(cancel.contains("$ref: \"#/components/schemas/CancelOrderRequest\"") && cancel.contains("required: false"), cancel);
        for (String status : new String[] {"202", "400", "404", "409", "413", "415"}) {
            assertTrue(cancel.contains("\"" + status + "\":"), "the cancel documents " + status);
        }
    }

    /** The lines of one path of the document, up to the next path or section. */
    private static String pathBlock(String document, String path) {
        int start = document.indexOf("\n  " + path + ":\n");
        assertTrue(start >= 0, path + " is in the document");
        java.util.regex.Matcher next = java.util.regex.Pattern.compile("\n  ?[^ \n]").matcher(document);
        return document.substring(start, next.find(start + 1) ? next.start() : document.length());
    }

    @Test
    void theDocumentLintsCleanWithRedoclyCli(@TempDir Path work) throws Exception {
        assumeTrue(onPath("npx"), "npx (Node.js) is not installed: the OpenAPI document is not linted");
        Path document = generatedDocument();
        Path config = Path.of("redocly.yaml").toAbsolutePath();
        assertTrue(Files.isRegularFile(config), config + " is missing");

        Path errors = work.resolve("stderr.txt");
        ProcessBuilder builder = new ProcessBuilder("npx", "--yes", REDOCLY_CLI, "lint", "--format=json",
                "--config", config.toString(), document.toString())
                .directory(work.toFile())
                .redirectError(errors.toFile());
        builder.environment().put("REDOCLY_TELEMETRY", "off");
        Process lint = builder.start();
        String report = new String(lint.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(lint.waitFor(5, TimeUnit.MINUTES), "the lint did not finish");
        String output = report + "\n" + Files.readString(errors);

        JsonNode totals = Json.parse(report.substring(Math.max(0, report.indexOf('{')))).get("totals");
        assertNotNull(totals, output);
        assertEquals(0, totals.get("errors").asInt(), output);
        assertEquals(0, totals.get("warnings").asInt(), output);
        assertEquals(0, lint.exitValue(), output);
    }

    private static Path generatedDocument() throws URISyntaxException {
        URL document = OpenApiDocumentTest.class.getResource("/META-INF/swagger/openapi.yml");
        assertNotNull(document, "the build generated no META-INF/swagger/openapi.yml");
        return Path.of(document.toURI());
    }

    private static boolean onPath(String tool) {
        try {
            Process probe = new ProcessBuilder(tool, "--version").redirectErrorStream(true).start();
            probe.getInputStream().readAllBytes();
            return probe.waitFor(60, TimeUnit.SECONDS) && probe.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}
