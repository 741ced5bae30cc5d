package io.serverlessorch.storage.dynamodb;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveSpecification;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;

/**
 * Creates the tables where they do not exist yet (the local run and the tests; in AWS the CDK stacks own
 * them). Safe to call on every start.
 */
public final class TableSetup {

    private TableSetup() {
    }

    public static void ensureTables(DynamoDbClient dynamoDb, TableNames names) {
        create(dynamoDb, TableSchemas.orders(names.orders()));
        enableTimeToLive(dynamoDb, names.orders());
        create(dynamoDb, TableSchemas.catalog(names.catalog()));
    }

    private static void enableTimeToLive(DynamoDbClient dynamoDb, String tableName) {
        TimeToLiveStatus status = dynamoDb.describeTimeToLive(r -> r.tableName(tableName))
                .timeToLiveDescription().timeToLiveStatus();
        if (status == TimeToLiveStatus.ENABLED || status == TimeToLiveStatus.ENABLING) {
            return;
        }
        dynamoDb.updateTimeToLive(r -> r.tableName(tableName)
                .timeToLiveSpecification(TimeToLiveSpecification.builder()
                        .attributeName(Tables.Orders.TTL_ATTRIBUTE)
                        .enabled(true)
                        .build()));
    }

    private static void create(DynamoDbClient dynamoDb, CreateTableRequest request) {
        try {
            dynamoDb.createTable(request);
            dynamoDb.waiter().waitUntilTableExists(r -> r.tableName(request.tableName()));
        } catch (ResourceInUseException alreadyThere) {
            // Created by an earlier run: nothing to do.
        }
    }
}
