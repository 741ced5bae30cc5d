package io.serverlessorch.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.serverlessorch.domain.Product;
import io.serverlessorch.dynamodblocal.DynamoDbLocalServer;
import io.serverlessorch.storage.dynamodb.DynamoCatalogRepository;
import io.serverlessorch.storage.dynamodb.TableNames;
import io.serverlessorch.storage.dynamodb.TableSetup;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.io.File;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every handler, constructed from the deployment jar alone, as Lambda would: catches a class the tests'
 * richer classpath has but the jar lacks.
 */
class LambdaJarIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyHandlerRunsFromTheDeploymentJarAlone() throws Exception {
        Path jar = Path.of("..", "..", "app", "target", "serverless-orch-lambda.jar");
        assertTrue(Files.exists(jar), "build the app module first");
        TableNames tables = TableNames.withPrefix("smoke");
        try (DynamoDbLocalServer dynamoDbLocal = DynamoDbLocalServer.inMemory(0);
             DynamoDbClient dynamoDb = DynamoDbClient.builder().endpointOverride(dynamoDbLocal.endpoint())
                     .httpClient(UrlConnectionHttpClient.create()).build()) {
            TableSetup.ensureTables(dynamoDb, tables);
            new DynamoCatalogRepository(dynamoDb, tables.catalog()).save(Product.stocked("product-1", "Mouse", new BigDecimal("19.99"), 10));

            Path log = Files.createTempFile("lambda-jar", ".log");
            Process smoke = new ProcessBuilder(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Daws.region=us-east-1", "-Daws.accessKeyId=local", "-Daws.secretAccessKey=local",
                    "-Daws.services.dynamodb.endpoint-override=" + dynamoDbLocal.endpoint(),
                    "-Dorch.tables.orders=" + tables.orders(), "-Dorch.tables.catalog=" + tables.catalog(),
                    "-Dorch.steps.invoker=in-process",
                    // The log lines as in Lambda (where AWS_LAMBDA_FUNCTION_NAME chooses JSON).
                    "-Dorch.log.format=json",
                    // The jar, then only the smoke driver and the stream record converter it borrows.
                    "-cp", jar + File.pathSeparator + Path.of("target", "test-classes") + File.pathSeparator + Path.of("target", "classes"),
                    LambdaJarSmoke.class.getName()))
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            assertTrue(smoke.waitFor(120, TimeUnit.SECONDS), "the smoke run finishes");
            String output = Files.readString(log);
            assertEquals(0, smoke.exitValue(), output);
            assertTrue(output.contains("SMOKE OK"), output);
            // One SLF4J provider in the jar, ours: SLF4J itself would complain of none or of several.
            assertFalse(output.contains("SLF4J"), output);
            // The functions' log lines are JSON objects (beside the metric documents, which have no level).
            List<JsonNode> logLines = new ArrayList<>();
            for (String line : output.lines().toList()) {
                if (line.startsWith("{") && JSON.readTree(line).has("level")) {
                    logLines.add(JSON.readTree(line));
                }
            }
            assertTrue(logLines.stream().anyMatch(line -> line.get("message").asText().startsWith("mock email to ")), output);
            assertTrue(output.lines().noneMatch(line -> line.matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} (TRACE|DEBUG|INFO|WARN|ERROR) .*")),
                    "no line in the text format:\n" + output);
        }
    }

    /**
     * The SDK classes in the jar are ProGuard's (decision #28): each must still link, and its generic supertypes
     * read, as from the SDK's own jars.
     */
    @Test
    void everySdkClassInTheDeploymentJarLinks() throws Exception {
        Path jar = Path.of("..", "..", "app", "target", "serverless-orch-lambda.jar");
        assertTrue(Files.exists(jar), "build the app module first");
        Path log = Files.createTempFile("lambda-jar-classes", ".log");
        Process check = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", jar + File.pathSeparator + Path.of("target", "test-classes"),
                LambdaJarClasses.class.getName(), jar.toString()))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertTrue(check.waitFor(120, TimeUnit.SECONDS), "the check finishes");
        String output = Files.readString(log);
        assertEquals(0, check.exitValue(), output);
        assertTrue(output.contains("CLASSES OK"), output);
    }
}
