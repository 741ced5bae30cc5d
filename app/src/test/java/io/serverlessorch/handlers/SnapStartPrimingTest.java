package io.serverlessorch.handlers;

import io.micronaut.context.ApplicationContext;
import io.serverlessorch.invocation.StepDispatcher;
import io.serverlessorch.pipeline.Step;
import io.serverlessorch.pipeline.StepResult;
import io.serverlessorch.retry.Backoff;
import io.serverlessorch.storage.dynamodb.TableNames;
import io.serverlessorch.support.ApiGateway;
import io.serverlessorch.support.TestTables;
import io.serverlessorch.testing.DynamoDbLocalExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SnapStart's hooks: every function's priming runs its code paths and stores nothing; a restore renews the jitter. */
@ExtendWith(DynamoDbLocalExtension.class)
class SnapStartPrimingTest {

    @Test
    void theApisPrimingEndsBeforeStorage(URI endpoint) {
        DynamoDbClient dynamoDb = TestTables.client(endpoint);
        TableNames tables = TestTables.create(dynamoDb);
        try (ApiGateway api = new ApiGateway(endpoint, tables)) {
            assertEquals(List.of(404, 400), SnapStartPriming.primeApi(event -> api.handler().handleRequest(event, null)));
            api.handler().prime();
            assertEquals(0, TestTables.countItems(dynamoDb, tables.orders()));
        }
    }

    @Test
    void theStreamProcessorsPrimingPassesItsRecordAndStoresNothing(URI endpoint) {
        DynamoDbClient dynamoDb = TestTables.client(endpoint);
        TableNames tables = TestTables.create(dynamoDb);
        int catalogItems = TestTables.countItems(dynamoDb, tables.catalog());
        try (StreamProcessorHandler processor = new StreamProcessorHandler(ApplicationContext.builder().properties(settings(endpoint, tables)))) {
            assertEquals(List.of(), SnapStartPriming.primeStreamProcessor(event -> processor.handleRequest(event, null)));
            processor.prime();
        }
        assertEquals(0, TestTables.countItems(dynamoDb, tables.orders()));
        assertEquals(catalogItems, TestTables.countItems(dynamoDb, tables.catalog()));
    }

    @Test
    void aStepsPrimingReadsBackItsPayloadsAndStoresNothing(URI endpoint) {
        DynamoDbClient dynamoDb = TestTables.client(endpoint);
        TableNames tables = TestTables.create(dynamoDb);
        Map<String, Object> settings = new HashMap<>(settings(endpoint, tables));
        settings.put(StepHandler.STEP_PROPERTY, "inventory");
        try (ApplicationContext context = ApplicationContext.run(settings);
             StepHandler inventory = new StepHandler(context)) {
            List<StepResult> results = SnapStartPriming.primeStepPayloads(context.getBean(StepDispatcher.class),
                    List.of(Step.values()));
            assertEquals(List.of(Step.values()).stream().map(step -> StepResult.stale()).toList(), results);
            inventory.prime();
        }
        assertEquals(0, TestTables.countItems(dynamoDb, tables.orders()));
    }

    @Test
    void theCheckpointRunsThePrimingAndARestoreRenewsTheJitter() throws Exception {
        AtomicInteger primed = new AtomicInteger();
        SnapStartPriming hooks = SnapStartPriming.register("test", primed::incrementAndGet);
        hooks.beforeCheckpoint(null);
        assertEquals(1, primed.get());

        // Two copies restored from one snapshot start from the same jitter state: the same seed, here.
        Backoff.seedJitter(42);
        List<Duration> snapshotted = waits();
        Backoff.seedJitter(42);
        assertEquals(snapshotted, waits(), "the same seed draws the same waits");
        Backoff.seedJitter(42);
        hooks.afterRestore(null);
        assertNotEquals(snapshotted, waits(), "a restored copy draws its own waits");
        assertTrue(primed.get() == 1, "a restore does not prime again");
    }

    private static List<Duration> waits() {
        Backoff backoff = Backoff.jittered(Duration.ofMillis(1000), Duration.ofMillis(1000));
        return IntStream.rangeClosed(1, 20).mapToObj(backoff::beforeRetry).toList();
    }

    private static Map<String, Object> settings(URI endpoint, TableNames tables) {
        return Map.of("aws.services.dynamodb.endpoint-override", endpoint.toString(),
                "orch.tables.orders", tables.orders(), "orch.tables.catalog", tables.catalog(),
                "orch.steps.invoker", "in-process");
    }
}
