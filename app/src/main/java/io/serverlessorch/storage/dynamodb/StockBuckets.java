package io.serverlessorch.storage.dynamodb;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.serverlessorch.storage.dynamodb.OrderItems.s;
import static io.serverlessorch.storage.dynamodb.Tables.Catalog;

/**
 * Where a product's stock counters live. A catalog item takes about 1,000 writes a second, and every
 * reservation and shipment writes the counters (in a transaction: twice the units), so one item caps a
 * product at a few hundred orders a second. A product sold faster is split into buckets, each a counter
 * item of its own; an order reserves from one bucket, chosen by a hash of the order, and moves to the next
 * when that one is short. The order records the bucket it holds, so shipment and release return to it.
 *
 * <p>Products of one bucket (the default) keep their counters on the product item, as before buckets.
 */
final class StockBuckets {

    /** A reservation tries each bucket at most once, so this bounds its transactions. */
    static final int MAX_BUCKETS = 100;

    private StockBuckets() {
    }

    static Map<String, AttributeValue> productKey(String productId) {
        return Map.of(Catalog.PARTITION_KEY, s(productId));
    }

    static Map<String, AttributeValue> bucketKey(String productId, int bucket) {
        return Map.of(Catalog.PARTITION_KEY, s(productId + Catalog.BUCKET_SEPARATOR + bucket));
    }

    /** The item counting {@code bucket} of a product split into {@code buckets}: the product item when it is not split. */
    static Map<String, AttributeValue> key(String productId, int buckets, int bucket) {
        return buckets == 1 ? productKey(productId) : bucketKey(productId, bucket);
    }

    /** The key of the bucket an order holds, as recorded by its reservation; none recorded: the product item. */
    static Map<String, AttributeValue> heldKey(String productId, Map<String, Integer> held) {
        Integer bucket = held.get(productId);
        return bucket == null ? productKey(productId) : bucketKey(productId, bucket);
    }

    /** The bucket an order tries first: the same on every retry, and spread evenly over the orders. */
    static int preferred(String orderId, String productId, int buckets) {
        return IndexKeys.spread(orderId + "/" + productId, buckets);
    }

    /** How many buckets each product has (1 for a product not found: its reservation then fails as short). */
    static Map<String, Integer> countsOf(DynamoDbClient dynamoDb, String catalogTable, Collection<String> productIds) {
        List<Map<String, AttributeValue>> keys = productIds.stream().distinct().map(StockBuckets::productKey).toList();
        Map<String, Integer> counts = new HashMap<>();
        productIds.forEach(id -> counts.put(id, 1));
        // Eventually consistent: the count changes only when an operator re-splits a product.
        BatchGets.getAll(dynamoDb, catalogTable, keys, false)
                .forEach(item -> counts.put(OrderItems.str(item, Catalog.PARTITION_KEY), countOf(item)));
        return counts;
    }

    static int countOf(Map<String, AttributeValue> productItem) {
        AttributeValue value = productItem.get(Catalog.STOCK_BUCKETS);
        return value == null ? 1 : Math.max(1, Math.min(MAX_BUCKETS, Integer.parseInt(value.n())));
    }

    /** The buckets recorded on an order item by its reservation. */
    static Map<String, Integer> heldBy(Map<String, AttributeValue> orderItem) {
        AttributeValue held = orderItem == null ? null : orderItem.get(OrderItems.HELD_IN);
        Map<String, Integer> buckets = new HashMap<>();
        if (held != null) {
            held.m().forEach((productId, bucket) -> buckets.put(productId, Integer.parseInt(bucket.n())));
        }
        return buckets;
    }
}
