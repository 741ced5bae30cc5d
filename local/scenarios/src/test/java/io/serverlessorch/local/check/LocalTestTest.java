package io.serverlessorch.local.check;

import io.serverlessorch.domain.Payment;
import io.serverlessorch.dynamodblocal.DynamoDbLocalServer;
import io.serverlessorch.local.Faults;
import io.serverlessorch.local.LocalSystem;
import io.serverlessorch.local.SampleCatalog;
import io.serverlessorch.local.stream.LocalEventSourceMapping;
import io.serverlessorch.pipeline.Step;
import io.serverlessorch.pipeline.StepResult;
import io.serverlessorch.storage.dynamodb.DynamoCatalogRepository;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** scripts/local_test.sh's checks, against local systems that behave and one that does not. */
class LocalTestTest {

    @Test
    void everyScenarioPassesAgainstTheLocalRun() {
        try (LocalSystem system = LocalSystem.start(new LocalSystem.Options(0, null, 0))) {
            Result result = run("--api-url", system.apiUrl().toString());
            assertEquals(0, result.status(), result.output());
            assertTrue(result.output().contains("12 passed, 0 failed"), result.output());
        }
    }

    @Test
    void aPipelineThatMisbehavesFailsTheCheck() {
        // Payment always declines: the happy path and the unavailable provider end wrong.
        Faults decliningPayments = Faults.inSteps(real -> request -> request.step() == Step.PAYMENT
                ? StepResult.declined("card_declined", "declined by the test") : real.invoke(request));
        try (LocalSystem system = LocalSystem.start(new LocalSystem.Options(0, null, 0,
                LocalEventSourceMapping.Settings.defaults(), decliningPayments))) {
            Result result = run("--api-url", system.apiUrl().toString());
            assertEquals(1, result.status(), result.output());
            assertTrue(result.output().contains("<-- wrong"), result.output());
        }
    }

    @Test
    void anUnreachableApiIsSaidPlainly() {
        Result result = run("--api-url", "http://localhost:1");
        assertEquals(1, result.status());
        assertTrue(result.output().contains("Cannot reach"), result.output());
    }

    @Test
    void setupDbCreatesTheTablesAndSeedsTheCatalogOnce() {
        try (DynamoDbLocalServer dynamoDbLocal = DynamoDbLocalServer.inMemory(0)) {
            Result first = run("--setup-db", "--endpoint", dynamoDbLocal.endpoint().toString());
            Result again = run("--setup-db", "--endpoint", dynamoDbLocal.endpoint().toString());

            assertEquals(0, first.status(), first.output());
            assertTrue(first.output().contains(SampleCatalog.PRODUCTS.size() + " sample product(s) added"), first.output());
            assertTrue(again.output().contains("0 sample product(s) added"), again.output());
            try (DynamoDbClient dynamoDb = DynamoDbClient.builder().endpointOverride(dynamoDbLocal.endpoint())
                    .httpClient(UrlConnectionHttpClient.create()).build()) {
                assertEquals(10, new DynamoCatalogRepository(dynamoDb, "serverless-orch-catalog").find("product-limited").orElseThrow().stock());
            }
        }
    }

    @Test
    void withoutAnActionItSaysWhatToDo() {
        assertEquals(2, run().status());
        assertEquals(2, run("--bogus").status());
    }

    record Result(int status, String output) {
    }

    private static Result run(String... args) {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int status = LocalTest.run(args, new PrintStream(captured, true, StandardCharsets.UTF_8));
        return new Result(status, captured.toString(StandardCharsets.UTF_8));
    }
}
