package io.serverlessorch.local.bench;

import io.serverlessorch.storage.dynamodb.Tables;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Read units as AWS bills them, and the partition key each lands on: 1 unit per started 4 KB of an item
 * read strongly consistent, half that eventually consistent (index queries always are); a BatchGetItem
 * bills each item on its own (an item not found costs the least a read can); a Query bills the total size of
 * the entries it read, rounded up once. Sizes are those of the items returned (a projection returns less
 * than the item, but every item here is far under 4 KB, so the units are the same).
 */
final class AwsReadUnits {

    static final long FOUR_KB = 4096;

    private final Map<String, List<String>> primaryKeys;
    /** Index name to the attribute that is its partition key. */
    private final Map<String, String> indexPartitionKeys;

    AwsReadUnits(Map<String, List<String>> primaryKeys, Map<String, String> indexPartitionKeys) {
        this.primaryKeys = primaryKeys;
        this.indexPartitionKeys = indexPartitionKeys;
    }

    static AwsReadUnits forTables(String ordersTable, String catalogTable) {
        return new AwsReadUnits(
                Map.of(ordersTable, List.of(Tables.Orders.PARTITION_KEY, Tables.Orders.SORT_KEY),
                        catalogTable, List.of(Tables.Catalog.PARTITION_KEY)),
                Map.of(Tables.Orders.STATUS_INDEX, Tables.Orders.STATUS_INDEX_PARTITION_KEY,
                        Tables.Orders.CREATION_INDEX, Tables.Orders.CREATION_INDEX_PARTITION_KEY,
                        Tables.Orders.CUSTOMER_INDEX, Tables.Orders.CUSTOMER_ID));
    }

    /** The units of reading {@code bytes} at once. */
    static double units(long bytes, boolean consistent) {
        long blocks = Math.max(1, (bytes + FOUR_KB - 1) / FOUR_KB);
        return consistent ? blocks : blocks / 2.0;
    }

    List<KeyUnits> get(GetItemRequest get, GetItemResponse answer) {
        long size = answer.hasItem() ? ItemSize.of(answer.item()) : 0;
        return List.of(KeyUnits.read(get.tableName(), null, partitionKey(get.tableName(), get.key()),
                units(size, Boolean.TRUE.equals(get.consistentRead()))));
    }

    List<KeyUnits> batchGet(BatchGetItemRequest batch, BatchGetItemResponse answer) {
        List<KeyUnits> units = new ArrayList<>();
        batch.requestItems().forEach((table, asked) -> {
            boolean consistent = Boolean.TRUE.equals(asked.consistentRead());
            KeysAndAttributes left = answer.unprocessedKeys().get(table);
            List<Map<String, AttributeValue>> found = answer.responses().getOrDefault(table, List.of());
            for (Map<String, AttributeValue> key : asked.keys()) {
                if (left != null && left.keys().contains(key)) {
                    // Sent again, and counted then.
                    continue;
                }
                long size = found.stream().filter(item -> matches(item, key)).findFirst().map(ItemSize::of).orElse(0L);
                units.add(KeyUnits.read(table, null, partitionKey(table, key), units(size, consistent)));
            }
        });
        return units;
    }

    List<KeyUnits> query(QueryRequest query, QueryResponse answer) {
        String table = query.tableName();
        String index = query.indexName();
        String attribute = index != null ? indexPartitionKeys.get(index)
                : primaryKeys.containsKey(table) ? primaryKeys.get(table).get(0) : null;
        String key = attribute == null ? null : Expressions.equalsValue(query.keyConditionExpression(),
                query.expressionAttributeNames(), query.expressionAttributeValues(), attribute);
        long size = answer.hasItems() ? answer.items().stream().mapToLong(ItemSize::of).sum() : 0;
        boolean consistent = index == null && Boolean.TRUE.equals(query.consistentRead());
        return List.of(KeyUnits.read(table, index, key == null ? KeyUnits.UNKNOWN : key, units(size, consistent)));
    }

    private static boolean matches(Map<String, AttributeValue> item, Map<String, AttributeValue> key) {
        return key.entrySet().stream().allMatch(part -> part.getValue().equals(item.get(part.getKey())));
    }

    private String partitionKey(String table, Map<String, AttributeValue> key) {
        List<String> names = primaryKeys.get(table);
        String value = names == null ? null : Expressions.text(key.get(names.get(0)));
        return value == null ? KeyUnits.UNKNOWN : value;
    }
}
