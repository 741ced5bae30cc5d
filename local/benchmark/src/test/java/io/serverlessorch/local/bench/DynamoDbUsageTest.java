package io.serverlessorch.local.bench;

import io.serverlessorch.dynamodblocal.DynamoDbLocalServer;
import io.serverlessorch.storage.dynamodb.TableNames;
import io.serverlessorch.storage.dynamodb.Tables;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The benchmark's DynamoDB counter, on real requests to DynamoDB Local. */
class DynamoDbUsageTest {

    @Test
    void countsRequestsItemWritesAndCapacityOnlyWhileStarted() {
        try (DynamoDbLocalServer local = DynamoDbLocalServer.inMemory(0);
             DynamoDbClient dynamoDb = DynamoDbClient.builder().endpointOverride(local.endpoint()).httpClient(UrlConnectionHttpClient.create()).build()) {
            dynamoDb.createTable(r -> r.tableName("usage").billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build())
                    .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build()));
            dynamoDb.putItem(r -> r.tableName("usage").item(Map.of("pk", AttributeValue.fromS("before"))));

            DynamoDbUsage.start();
            dynamoDb.putItem(r -> r.tableName("usage").item(Map.of("pk", AttributeValue.fromS("a"))));
            dynamoDb.transactWriteItems(r -> r.transactItems(
                    TransactWriteItem.builder().put(Put.builder().tableName("usage").item(Map.of("pk", AttributeValue.fromS("b"))).build()).build(),
                    TransactWriteItem.builder().put(Put.builder().tableName("usage").item(Map.of("pk", AttributeValue.fromS("c"))).build()).build(),
                    TransactWriteItem.builder().conditionCheck(ConditionCheck.builder().tableName("usage")
                            .key(Map.of("pk", AttributeValue.fromS("a"))).conditionExpression("attribute_exists(pk)").build()).build()));
            dynamoDb.batchWriteItem(r -> r.requestItems(Map.of("usage", List.of(
                    WriteRequest.builder().putRequest(p -> p.item(Map.of("pk", AttributeValue.fromS("d")))).build(),
                    WriteRequest.builder().putRequest(p -> p.item(Map.of("pk", AttributeValue.fromS("e")))).build()))));
            dynamoDb.getItem(r -> r.tableName("usage").key(Map.of("pk", AttributeValue.fromS("a"))));
            DynamoDbUsage.Totals totals = DynamoDbUsage.stop();
            dynamoDb.putItem(r -> r.tableName("usage").item(Map.of("pk", AttributeValue.fromS("after"))));

            assertEquals(Map.of("PutItem", 1L, "TransactWriteItems", 1L, "BatchWriteItem", 1L, "GetItem", 1L), totals.requestsByOperation());
            assertEquals(5, totals.itemWrites(), "one put, two transaction puts, two batch puts; the condition check writes nothing");
            assertTrue(totals.writeUnits() >= 5, "transactions cost at least a unit per item: " + totals.writeUnits());
            assertTrue(totals.readUnits() > 0, "the counted read: " + totals.readUnits());
            assertEquals(List.of("PutItemRequest", "TransactWriteItemsRequest", "BatchWriteItemRequest", "GetItemRequest"),
                    totals.sent().stream().map(request -> request.getClass().getSimpleName()).toList(), "what the replay sends again");
            assertNull(((PutItemRequest) totals.sent().get(0)).returnConsumedCapacityAsString(), "as the application sent it, not as counted");
        }
    }

    @Test
    void tracesEachRequestsUnitsOnTheKeysTheyLandOnAsAwsBillsThem() {
        String catalog = TableNames.withPrefix(Tables.DEFAULT_PREFIX).catalog();
        try (DynamoDbLocalServer local = DynamoDbLocalServer.inMemory(0);
             DynamoDbClient dynamoDb = DynamoDbClient.builder().endpointOverride(local.endpoint()).httpClient(UrlConnectionHttpClient.create()).build()) {
            dynamoDb.createTable(r -> r.tableName(catalog).billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(AttributeDefinition.builder().attributeName(Tables.Catalog.PARTITION_KEY).attributeType(ScalarAttributeType.S).build())
                    .keySchema(KeySchemaElement.builder().attributeName(Tables.Catalog.PARTITION_KEY).keyType(KeyType.HASH).build()));

            DynamoDbUsage.startTracing();
            dynamoDb.putItem(r -> r.tableName(catalog).item(Map.of(Tables.Catalog.PARTITION_KEY, AttributeValue.fromS("p-1"),
                    "name", AttributeValue.fromS("x".repeat(1500)))));
            dynamoDb.getItem(r -> r.tableName(catalog).key(Map.of(Tables.Catalog.PARTITION_KEY, AttributeValue.fromS("p-1"))));
            DynamoDbUsage.Totals totals = DynamoDbUsage.stop();

            assertEquals(List.of(
                    new DynamoDbUsage.TracedRequest("PutItem", List.of(KeyUnits.write(catalog, null, "p-1", KeyUnits.Kind.ITEM, 2))),
                    new DynamoDbUsage.TracedRequest("GetItem", List.of(KeyUnits.read(catalog, null, "p-1", 0.5)))), totals.trace());
            assertEquals(0.5, totals.awsReadUnits(), "eventually consistent, under 4 KB");
            DynamoDbUsage.start();
            assertEquals(List.of(), DynamoDbUsage.stop().trace(), "no trace unless asked for");
        }
    }
}
