package io.serverlessorch.local.check;

import io.serverlessorch.domain.Payment;
import io.serverlessorch.domain.Product;
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
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** scripts/local_test.sh's checks, against local systems that behave and one that does not. */
class LocalTestTest {

    /** Short, so that the scenario left to its deadline sees it pass within the test. */
    static final Duration PAYMENT_CONFIRMATION_TIMEOUT = Duration.ofSeconds(10);

    @Test
    void everyScenarioPassesAgainstTheLocalRunAndNoStockIsLeftHeld() {
        try (LocalSystem system = LocalSystem.start(new LocalSystem.Options(0, null, 0)
                .withPaymentConfirmationTimeout(PAYMENT_CONFIRMATION_TIMEOUT))) {
            Result result = run("--api-url", system.apiUrl().toString());
            assertEquals(0, result.status(), result.output());
            assertTrue(result.output().contains(" passed, 0 failed"), result.output());
            for (String scenario : List.of("idempotent retry", "reused key", "cancel early", "cancel too late", "3-D Secure approved",
                    "3-D Secure declined", "forged webhook", "3-D Secure expired")) {
                assertTrue(result.output().contains(scenario + " "), scenario + " ran: " + result.output());
            }
            // Every scenario order has ended: the cancelled, declined and expired ones gave their stock back.
            DynamoCatalogRepository catalog = new DynamoCatalogRepository(system.dynamoDb(), system.tables().catalog());
            for (Product product : SampleCatalog.PRODUCTS) {
                assertEquals(0, catalog.find(product.productId()).orElseThrow().reserved(), product.productId() + " holds no stock for anyone");
            }
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
    void optionsAreReadAsTyped() {
        LocalTest.Options options = LocalTest.parse(new String[]{"--setup-db", "--stage", "dev", "--api-url", "https://abc123.execute-api.eu-west-1.amazonaws.com/dev", "--timeout", "90"});
        assertTrue(options.setupDb());
        assertEquals("dev", options.stage());
        assertEquals("https://abc123.execute-api.eu-west-1.amazonaws.com/dev", options.apiUrl());
        assertEquals(Duration.ofSeconds(90), options.patience());
        assertEquals(Duration.ofSeconds(60), LocalTest.parse(new String[]{"--api-url", "http://localhost:8080"}).patience());
    }

    @Test
    void aBadOptionIsOneLineSaidPlainly() {
        assertBad("Say what to do: --setup-db, --api-url URL, or both");
        assertBad("Unknown option --bogus", "--bogus");
        assertBad("Unexpected argument 'http://localhost:8080'", "http://localhost:8080");
        assertBad("--api-url needs a value", "--api-url");
        assertBad("--api-url needs a value", "--api-url", "--timeout", "5");
        assertBad("--api-url must be an http:// or https:// URL like http://localhost:8080, not 'notaurl'", "--api-url", "notaurl");
        assertBad("--api-url must be an http:// or https:// URL like http://localhost:8080, not 'localhost:8080'", "--api-url", "localhost:8080");
        assertBad("--endpoint must be an http:// or https:// URL like http://localhost:8000, not 'http://a b'", "--setup-db", "--endpoint", "http://a b");
        assertBad("--timeout must be a whole number of seconds from 1 to 86400, not 'x'", "--api-url", "http://localhost:8080", "--timeout", "x");
        assertBad("--timeout must be a whole number of seconds from 1 to 86400, not '0'", "--api-url", "http://localhost:8080", "--timeout", "0");
        assertBad("--timeout must be a whole number of seconds from 1 to 86400, not '-1'", "--api-url", "http://localhost:8080", "--timeout", "-1");
        assertBad("--stage must be a stage name like dev or prod (a-z, 0-9 and -), not 'Prod'", "--setup-db", "--stage", "Prod");
        assertBad("--endpoint and --stage go with --setup-db", "--api-url", "http://localhost:8080", "--stage", "dev");
        assertBad("--timeout goes with --api-url", "--setup-db", "--timeout", "5");
    }

    private static void assertBad(String message, String... args) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, () -> LocalTest.parse(args)).getMessage());
    }

    record Result(int status, String output) {
    }

    private static Result run(String... args) {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int status = LocalTest.run(LocalTest.parse(args), new PrintStream(captured, true, StandardCharsets.UTF_8));
        return new Result(status, captured.toString(StandardCharsets.UTF_8));
    }
}
