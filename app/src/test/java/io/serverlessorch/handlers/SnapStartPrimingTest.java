package io.serverlessorch.handlers;

import io.serverlessorch.testing.DynamoDbLocalExtension;
import io.serverlessorch.storage.dynamodb.TableNames;
import io.serverlessorch.support.ApiGateway;
import io.serverlessorch.support.TestTables;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

@ExtendWith(DynamoDbLocalExtension.class)
class SnapStartPrimingTest {

    @Test
    void primingRunsTheRequestPathAndStoresNothing(URI endpoint) {
        var dynamoDb = TestTables.client(endpoint);
        TableNames tables = TestTables.create(dynamoDb);
        try (ApiGateway api = new ApiGateway(endpoint, tables)) {
            assertEquals(List.of(404, 400), SnapStartPriming.primeApi(event -> api.handler().handleRequest(event, null)));
            assertEquals(0, TestTables.countItems(dynamoDb, tables.orders()));
        }
    }

    @Test
    void onlyWhileLambdaBuildsASnapshot() {
        assertFalse(SnapStartPriming.snapshotting(), "tests and the local run are no snapshot");
    }
}
