package io.serverlessorch.storage.dynamodb;

import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

import static io.serverlessorch.storage.dynamodb.Tables.Orders;

/** {@link Tables} as {@link CreateTableRequest}s, for the local run and the tests. */
public final class TableSchemas {

    private TableSchemas() {
    }

    public static CreateTableRequest orders(String tableName) {
        return CreateTableRequest.builder()
                .tableName(tableName)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(
                        string(Orders.PARTITION_KEY),
                        string(Orders.SORT_KEY),
                        string(Orders.STATUS_INDEX_PARTITION_KEY),
                        string(Orders.CREATION_INDEX_PARTITION_KEY),
                        string(Orders.CREATED_AT),
                        string(Orders.DEADLINE_INDEX_PARTITION_KEY),
                        string(Orders.DEADLINE_AT),
                        string(Orders.CUSTOMER_ID))
                .keySchema(hash(Orders.PARTITION_KEY), range(Orders.SORT_KEY))
                .globalSecondaryIndexes(
                        keysOnlyIndex(Orders.STATUS_INDEX, Orders.STATUS_INDEX_PARTITION_KEY, Orders.CREATED_AT),
                        keysOnlyIndex(Orders.CREATION_INDEX, Orders.CREATION_INDEX_PARTITION_KEY, Orders.CREATED_AT),
                        keysOnlyIndex(Orders.DEADLINE_INDEX, Orders.DEADLINE_INDEX_PARTITION_KEY, Orders.DEADLINE_AT),
                        keysOnlyIndex(Orders.CUSTOMER_INDEX, Orders.CUSTOMER_ID, Orders.CREATED_AT))
                .streamSpecification(StreamSpecification.builder()
                        .streamEnabled(true)
                        .streamViewType(StreamViewType.NEW_AND_OLD_IMAGES)
                        .build())
                .build();
    }

    public static CreateTableRequest catalog(String tableName) {
        return CreateTableRequest.builder()
                .tableName(tableName)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(string(Tables.Catalog.PARTITION_KEY))
                .keySchema(hash(Tables.Catalog.PARTITION_KEY))
                .build();
    }

    /**
     * Keys only: a status change then writes the index with key-sized items, and the list reads the
     * orders themselves by key. Listing is rare; status changes happen several times per order.
     */
    private static GlobalSecondaryIndex keysOnlyIndex(String name, String partitionKey, String sortKey) {
        return GlobalSecondaryIndex.builder()
                .indexName(name)
                .keySchema(hash(partitionKey), range(sortKey))
                .projection(Projection.builder().projectionType(ProjectionType.KEYS_ONLY).build())
                .build();
    }

    private static AttributeDefinition string(String name) {
        return AttributeDefinition.builder().attributeName(name).attributeType(ScalarAttributeType.S).build();
    }

    private static KeySchemaElement hash(String name) {
        return KeySchemaElement.builder().attributeName(name).keyType(KeyType.HASH).build();
    }

    private static KeySchemaElement range(String name) {
        return KeySchemaElement.builder().attributeName(name).keyType(KeyType.RANGE).build();
    }
}
