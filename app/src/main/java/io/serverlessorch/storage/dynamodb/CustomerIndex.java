package io.serverlessorch.storage.dynamodb;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.serverlessorch.storage.dynamodb.OrderItems.s;
import static io.serverlessorch.storage.dynamodb.Tables.Orders;

/**
 * Reads one customer's entries of {@link Orders#CUSTOMER_INDEX}, newest first, after a position: one key, so one
 * Query a page. Entries are in the order {@link ShardedIndex#NEWEST_FIRST} gives (creation time, then order id),
 * so the position and the page token are those of the other listings.
 */
final class CustomerIndex {

    private final DynamoDbClient dynamoDb;
    private final String tableName;

    CustomerIndex(DynamoDbClient dynamoDb, String tableName) {
        this.dynamoDb = dynamoDb;
        this.tableName = tableName;
    }

    /**
     * The customer's first {@code count} entries after {@code position} (all of them when fewer), newest first.
     * The first {@code count - 1} are exactly those; the last only says that more follow: it is one of the entries
     * after them, not necessarily the first when several were created in the same millisecond (the caller shows
     * {@code count - 1} and keeps the last to know a next page exists).
     *
     * <p>One Query of {@code count} entries, one more after a position (the position's own entry is read again, as
     * the key condition cannot say "before this order id"). A second Query only when the Query stopped inside a run
     * of entries of one creation time that reaches the page's last entry: DynamoDB does not order entries of equal
     * sort key, so the whole run is read before they are put in order.
     */
    List<ShardedIndex.Entry> newest(String customerId, int count, Optional<ShardedIndex.Entry> position) {
        if (count < 2) {
            throw new IllegalArgumentException("count is a page and one more, at least 2, not " + count);
        }
        Map<String, String> names = new HashMap<>(Map.of("#customer", Orders.CUSTOMER_ID));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":customer", s(customerId)));
        String condition = "#customer = :customer";
        if (position.isPresent()) {
            names.put("#created", Orders.CREATED_AT);
            values.put(":created", s(position.get().createdAt()));
            condition += " AND #created <= :created";
        }
        int perQuery = position.isPresent() ? count + 1 : count;
        String keyCondition = condition;
        List<ShardedIndex.Entry> found = new ArrayList<>();
        Map<String, AttributeValue> startKey = null;
        String lastRead = null;
        do {
            Map<String, AttributeValue> from = startKey;
            QueryResponse page = dynamoDb.query(r -> r.tableName(tableName)
                    .indexName(Orders.CUSTOMER_INDEX)
                    .keyConditionExpression(keyCondition)
                    .expressionAttributeNames(names)
                    .expressionAttributeValues(values)
                    .scanIndexForward(false)
                    .limit(perQuery)
                    .exclusiveStartKey(from));
            for (Map<String, AttributeValue> item : page.items()) {
                ShardedIndex.Entry entry = ShardedIndex.Entry.of(item);
                lastRead = entry.createdAt();
                if (position.isEmpty() || entry.isAfter(position.get())) {
                    found.add(entry);
                }
            }
            startKey = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
            // Read order is newest creation time first, so the page's last entry has its final creation time already.
        } while (startKey != null && (found.size() < count || lastRead.equals(found.get(count - 2).createdAt())));
        found.sort(ShardedIndex.NEWEST_FIRST);
        return found.subList(0, Math.min(count, found.size()));
    }
}
