package io.serverlessorch.storage.dynamodb;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

import java.net.URI;
import java.util.Map;

import static io.serverlessorch.storage.dynamodb.OrderItems.s;
import static io.serverlessorch.storage.dynamodb.Tables.Orders;

/**
 * Puts the orders stored before {@link Orders#CUSTOMER_INDEX} existed into it: sets the top-level
 * {@code customer_id} of each order item that lacks one, from the order's own {@code customer.customer_id}.
 *
 * <p>Safe to run at any time and again: each write adds that one attribute, only where the order item exists and
 * has none ({@code attribute_not_exists}), so it never overwrites, never creates an item, and races no move (a move
 * writes other attributes, and neither write reads the other's). The stream processor sees the update as a change
 * that leaves the status alone and does nothing with it. It reads the whole table once (a Scan: one read unit per
 * 8 KB, eventually consistent) and writes one unit per order it fills in.
 *
 * <pre>
 * java -cp local/runtime/target/serverless-orch-local.jar io.serverlessorch.storage.dynamodb.CustomerIndexBackfill \
 *     serverless-orch-prod-orders [endpoint]
 * </pre>
 */
public final class CustomerIndexBackfill {

    /** Items a Scan page reads at most: small pages keep the read rate gentle on a table in use. */
    static final int SCAN_PAGE = 500;

    private final DynamoDbClient dynamoDb;
    private final String tableName;

    public CustomerIndexBackfill(DynamoDbClient dynamoDb, String tableName) {
        this.dynamoDb = dynamoDb;
        this.tableName = tableName;
    }

    /**
     * @param found   order items without a top-level customer_id
     * @param filled  of those, the ones this run gave one
     * @param skipped the ones left alone: given one meanwhile, deleted, or holding no customer id to copy
     */
    public record Result(long found, long filled, long skipped) {
    }

    public Result run() {
        long found = 0;
        long filled = 0;
        Map<String, AttributeValue> startKey = null;
        do {
            Map<String, AttributeValue> from = startKey;
            ScanResponse page = dynamoDb.scan(r -> r.tableName(tableName)
                    .filterExpression("#sk = :order AND attribute_not_exists(#customerId)")
                    .projectionExpression("#pk, #customer.#customerId")
                    .expressionAttributeNames(Map.of("#sk", Orders.SORT_KEY, "#pk", Orders.PARTITION_KEY,
                            "#customer", OrderItems.CUSTOMER, "#customerId", Orders.CUSTOMER_ID))
                    .expressionAttributeValues(Map.of(":order", s(Orders.ORDER_ITEM)))
                    .limit(SCAN_PAGE)
                    .exclusiveStartKey(from));
            for (Map<String, AttributeValue> item : page.items()) {
                found++;
                if (fill(OrderItems.str(item, Orders.PARTITION_KEY), customerIdOf(item))) {
                    filled++;
                }
            }
            startKey = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (startKey != null);
        return new Result(found, filled, found - filled);
    }

    private static String customerIdOf(Map<String, AttributeValue> item) {
        AttributeValue customer = item.get(OrderItems.CUSTOMER);
        return customer == null || !customer.hasM() ? null : OrderItems.str(customer.m(), Orders.CUSTOMER_ID);
    }

    private boolean fill(String orderId, String customerId) {
        if (orderId == null || customerId == null || customerId.isEmpty()) {
            return false;
        }
        try {
            dynamoDb.updateItem(r -> r.tableName(tableName)
                    .key(OrderItems.orderKey(orderId))
                    .updateExpression("SET #customerId = :customerId")
                    .conditionExpression("attribute_exists(#pk) AND attribute_not_exists(#customerId)")
                    .expressionAttributeNames(Map.of("#pk", Orders.PARTITION_KEY, "#customerId", Orders.CUSTOMER_ID))
                    .expressionAttributeValues(Map.of(":customerId", s(customerId))));
            return true;
        } catch (ConditionalCheckFailedException alreadyThereOrGone) {
            return false;
        }
    }

    /** {@code <orders table> [endpoint]}: the default AWS credentials and region, or DynamoDB Local at the endpoint. */
    public static void main(String[] args) {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: CustomerIndexBackfill <orders table> [endpoint, e.g. http://localhost:8000]");
            System.exit(2);
        }
        DynamoDbClientBuilder builder = DynamoDbClient.builder();
        if (args.length == 2) {
            builder.endpointOverride(URI.create(args[1]));
        }
        try (DynamoDbClient client = builder.build()) {
            Result result = new CustomerIndexBackfill(client, args[0]).run();
            System.out.printf("%d orders had no customer_id: %d filled in, %d left alone (filled meanwhile, deleted, or no customer id)%n",
                    result.found(), result.filled(), result.skipped());
        }
    }
}
