package io.serverlessorch.storage.dynamodb;

import io.serverlessorch.domain.OrderLine;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import static io.serverlessorch.storage.dynamodb.OrderItems.s;
import static io.serverlessorch.storage.dynamodb.Tables.Catalog;

/**
 * Where a product's stock counters live. A catalog item takes about 1,000 writes a second, and every
 * reservation and shipment writes the counters (in a transaction: twice the units), so one item caps a
 * product at a few hundred orders a second. A product sold faster is split into buckets, each a counter
 * item of its own; an order reserves from one bucket, chosen by a hash of the order, and moves to the next
 * when that one is short. A line no single bucket can serve is split over the fullest buckets, read just
 * then: the shop's stock is the sum of its buckets, so a customer is never told "out of stock" while the
 * buckets together hold the units. The order records the buckets it holds, so shipment and release return to them.
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

    /** Units of a line held in one stock item. */
    record Portion(Map<String, AttributeValue> key, int units) {
    }

    /**
     * Where a line's units are held, from what its reservation recorded for the product: nothing (a product of one
     * bucket) is the product item; a number is one bucket holding the whole line; a map is a line split over
     * buckets, bucket number to units.
     */
    static List<Portion> held(OrderLine line, AttributeValue recorded) {
        if (recorded == null) {
            return List.of(new Portion(productKey(line.productId()), line.quantity()));
        }
        if (recorded.n() != null) {
            return List.of(new Portion(bucketKey(line.productId(), Integer.parseInt(recorded.n())), line.quantity()));
        }
        List<Portion> portions = new ArrayList<>();
        new TreeMap<>(recorded.m()).forEach((bucket, units) ->
                portions.add(new Portion(bucketKey(line.productId(), Integer.parseInt(bucket)), Integer.parseInt(units.n()))));
        return portions;
    }

    /** What a reservation records for a line held in {@code units} by bucket number (one bucket: just its number). */
    static AttributeValue record(Map<Integer, Integer> units) {
        if (units.size() == 1) {
            return AttributeValue.fromN(Integer.toString(units.keySet().iterator().next()));
        }
        Map<String, AttributeValue> split = new TreeMap<>();
        units.forEach((bucket, count) -> split.put(Integer.toString(bucket), AttributeValue.fromN(Integer.toString(count))));
        return AttributeValue.fromM(split);
    }

    /**
     * A line of {@code quantity} split over the buckets with the most stock first, from their counts read just now;
     * empty when all of them together hold less.
     */
    static Optional<Map<Integer, Integer>> split(int quantity, Map<Integer, Long> stockByBucket) {
        Map<Integer, Integer> units = new TreeMap<>();
        int left = quantity;
        List<Map.Entry<Integer, Long>> fullest = new ArrayList<>(stockByBucket.entrySet());
        fullest.sort(Map.Entry.<Integer, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
        for (Map.Entry<Integer, Long> bucket : fullest) {
            if (left == 0 || bucket.getValue() <= 0) {
                break;
            }
            int taken = (int) Math.min(left, bucket.getValue());
            units.put(bucket.getKey(), taken);
            left -= taken;
        }
        return left == 0 ? Optional.of(units) : Optional.empty();
    }

    /** The stock of every bucket of a product, read strongly consistent (a bucket never written counts 0). */
    static Map<Integer, Long> stockByBucket(DynamoDbClient dynamoDb, String catalogTable, String productId, int buckets) {
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        Map<Integer, Long> stock = new TreeMap<>();
        for (int bucket = 0; bucket < buckets; bucket++) {
            keys.add(bucketKey(productId, bucket));
            stock.put(bucket, 0L);
        }
        String prefix = productId + Catalog.BUCKET_SEPARATOR;
        for (Map<String, AttributeValue> item : BatchGets.getAll(dynamoDb, catalogTable, keys, true)) {
            int bucket = Integer.parseInt(OrderItems.str(item, Catalog.PARTITION_KEY).substring(prefix.length()));
            AttributeValue units = item.get(Catalog.STOCK);
            stock.put(bucket, units == null ? 0 : Long.parseLong(units.n()));
        }
        return stock;
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

    /** What an order item's reservation recorded, by product (see {@link #held}). */
    static Map<String, AttributeValue> heldBy(Map<String, AttributeValue> orderItem) {
        AttributeValue held = orderItem == null ? null : orderItem.get(OrderItems.HELD_IN);
        return held == null ? Map.of() : held.m();
    }
}
