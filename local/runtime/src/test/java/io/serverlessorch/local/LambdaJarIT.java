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
import java.util.Map;
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

    private static final Path JAR = Path.of("..", "..", "app", "target", "serverless-orch-lambda.jar");

    @Test
    void everyHandlerRunsFromTheDeploymentJarAlone() throws Exception {
        TableNames tables = TableNames.withPrefix("smoke");
        try (DynamoDbLocalServer dynamoDbLocal = DynamoDbLocalServer.inMemory(0);
             DynamoDbClient dynamoDb = DynamoDbClient.builder().endpointOverride(dynamoDbLocal.endpoint())
                     .httpClient(UrlConnectionHttpClient.create()).build()) {
            TableSetup.ensureTables(dynamoDb, tables);
            new DynamoCatalogRepository(dynamoDb, tables.catalog()).save(Product.stocked("product-1", "Mouse", new BigDecimal("19.99"), 10));

            String output = runOnTheJar(List.of(
                    "-Daws.region=us-east-1", "-Daws.accessKeyId=local", "-Daws.secretAccessKey=local",
                    "-Daws.services.dynamodb.endpoint-override=" + dynamoDbLocal.endpoint(),
                    "-Dorch.tables.orders=" + tables.orders(), "-Dorch.tables.catalog=" + tables.catalog(),
                    "-Dorch.steps.invoker=in-process",
                    // The log lines as in Lambda (where AWS_LAMBDA_FUNCTION_NAME chooses JSON).
                    "-Dorch.log.format=json",
                    // Beside the jar, only the smoke driver and the stream record converter it borrows.
                    "-cp", JAR + File.pathSeparator + Path.of("target", "test-classes") + File.pathSeparator + Path.of("target", "classes"),
                    LambdaJarSmoke.class.getName()), Map.of("ORCH_STEP", "payment"));
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
        String output = runOnTheJar(List.of(
                "-cp", JAR + File.pathSeparator + Path.of("target", "test-classes"),
                LambdaJarClasses.class.getName(), JAR.toString()), Map.of());
        assertTrue(output.contains("CLASSES OK"), output);
    }

    /**
     * Runs {@code java} with these arguments (the classpath among them: the jar and a driver) and these environment
     * variables besides the test's, expecting success.
     */
    private static String runOnTheJar(List<String> arguments, Map<String, String> environment) throws Exception {
        assertTrue(Files.exists(JAR), "build the app module first");
        Path log = Files.createTempFile("lambda-jar", ".log");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        Process run = builder.start();
        assertTrue(run.waitFor(120, TimeUnit.SECONDS), "the run on the jar finishes");
        String output = Files.readString(log);
        assertEquals(0, run.exitValue(), output);
        return output;
    }
}
