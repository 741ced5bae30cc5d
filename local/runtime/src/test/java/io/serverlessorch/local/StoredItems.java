package io.serverlessorch.local;

import io.serverlessorch.storage.dynamodb.Tables;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

import java.util.List;
import java.util.Map;

/**
 * Every item the orders table keeps for one order (the order, its history records, its effects: charge, refund,
 * release, message), read straight from the table, in key order: equal before and after a request means the
 * request stored nothing for the order.
 */
final class StoredItems {

    private StoredItems() {
    }

    static List<Map<String, AttributeValue>> of(LocalSystem system, String orderId) {
        return system.dynamoDb().queryPaginator(QueryRequest.builder()
                        .tableName(system.tables().orders())
                        .keyConditionExpression("#id = :id")
                        .expressionAttributeNames(Map.of("#id", Tables.Orders.PARTITION_KEY))
                        .expressionAttributeValues(Map.of(":id", AttributeValue.fromS(orderId)))
                        .consistentRead(true)
                        .build())
                .items().stream().toList();
    }
}
