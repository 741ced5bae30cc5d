package io.serverlessorch.local.bench;

import io.serverlessorch.storage.dynamodb.Tables;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * Write units as AWS bills them, which DynamoDB Local does not (it counts 4 units per KB for each item of a
 * transaction, for one): 1 unit per started KB of the item written (for an update, of the item after it,
 * which is the larger here, since orders only grow), twice that inside a transaction (condition checks
 * included), and for each global secondary index the write touches, 1 unit to add an entry and 1 to
 * remove the old one (the indexes are keys-only, so each entry is well under 1 KB).
 *
 * <p>An update inside a transaction cannot return the item, so its size is the one last seen for that key
 * (from a put or a plain update of it); the benchmark places orders through the API first, so every key it
 * updates has been seen.
 */
final class AwsWriteUnits {

    private static final long KB = 1024;

    /** Per table, the attributes that key a global secondary index. */
    private final Map<String, List<String>> indexKeys;
    private final Map<String, List<String>> primaryKeys;
    private final Map<String, Long> lastSize = new ConcurrentHashMap<>();
    private final DoubleAdder tableUnits = new DoubleAdder();
    private final DoubleAdder transactionSurcharge = new DoubleAdder();
    private final DoubleAdder indexUnits = new DoubleAdder();
    private final LongAdder orderItemWrites = new LongAdder();
    private final LongAdder orderItemBytes = new LongAdder();

    record Totals(double tableUnits, double transactionSurcharge, double indexUnits, double meanOrderItemBytes) {
        double total() {
            return tableUnits + transactionSurcharge + indexUnits;
        }
    }

    /** For the tables the stacks create, named as the local run names them. */
    static AwsWriteUnits forTables(String ordersTable, String catalogTable) {
        return new AwsWriteUnits(
                Map.of(ordersTable, List.of(Tables.Orders.STATUS_INDEX_PARTITION_KEY, Tables.Orders.CREATION_INDEX_PARTITION_KEY)),
                Map.of(ordersTable, List.of(Tables.Orders.PARTITION_KEY, Tables.Orders.SORT_KEY),
                        catalogTable, List.of(Tables.Catalog.PARTITION_KEY)));
    }

    AwsWriteUnits(Map<String, List<String>> indexKeys, Map<String, List<String>> primaryKeys) {
        this.indexKeys = indexKeys;
        this.primaryKeys = primaryKeys;
    }

    /** Starts the counts again; the sizes seen so far are kept. */
    void reset() {
        tableUnits.reset();
        transactionSurcharge.reset();
        indexUnits.reset();
        orderItemWrites.reset();
        orderItemBytes.reset();
    }

    Totals totals() {
        long writes = orderItemWrites.sum();
        return new Totals(tableUnits.sum(), transactionSurcharge.sum(), indexUnits.sum(), writes == 0 ? 0 : (double) orderItemBytes.sum() / writes);
    }

    void put(PutItemRequest put) {
        put(put.tableName(), put.item(), false);
    }

    /** @param itemAfter the item as the update left it, or null when the response did not carry it */
    void update(UpdateItemRequest update, Map<String, AttributeValue> itemAfter) {
        update(update.tableName(), update.key(), update.updateExpression(), update.expressionAttributeNames(), itemAfter, false);
    }

    void batch(BatchWriteItemRequest batch) {
        batch.requestItems().forEach((table, writes) -> {
            for (WriteRequest write : writes) {
                if (write.putRequest() != null) {
                    put(table, write.putRequest().item(), false);
                } else if (write.deleteRequest() != null) {
                    charge(sizeOf(table, write.deleteRequest().key()), false);
                    indexUnits.add(indexKeys.getOrDefault(table, List.of()).size());
                }
            }
        });
    }

    void transaction(TransactWriteItemsRequest transaction) {
        for (TransactWriteItem item : transaction.transactItems()) {
            if (item.put() != null) {
                put(item.put().tableName(), item.put().item(), true);
            } else if (item.update() != null) {
                update(item.update().tableName(), item.update().key(), item.update().updateExpression(),
                        item.update().expressionAttributeNames(), null, true);
            } else if (item.conditionCheck() != null) {
                charge(sizeOf(item.conditionCheck().tableName(), item.conditionCheck().key()), true);
            } else if (item.delete() != null) {
                charge(sizeOf(item.delete().tableName(), item.delete().key()), true);
            }
        }
    }

    private void put(String table, Map<String, AttributeValue> item, boolean transactional) {
        long size = ItemSize.of(item);
        remember(table, item, size);
        charge(size, transactional);
        // A put of a new item adds one entry to each index whose key it has.
        indexUnits.add(indexKeys.getOrDefault(table, List.of()).stream().filter(item::containsKey).count());
    }

    private void update(String table, Map<String, AttributeValue> key, String expression, Map<String, String> names,
                        Map<String, AttributeValue> itemAfter, boolean transactional) {
        long size = itemAfter != null && !itemAfter.isEmpty() ? ItemSize.of(itemAfter) : sizeOf(table, key);
        if (itemAfter != null && !itemAfter.isEmpty()) {
            remember(table, itemAfter, size);
        }
        charge(size, transactional);
        // Setting an index's key moves the item's entry: the old one removed, a new one added.
        for (String indexKey : indexKeys.getOrDefault(table, List.of())) {
            if (mentions(expression, names, indexKey)) {
                indexUnits.add(2);
            }
        }
    }

    private static boolean mentions(String expression, Map<String, String> names, String attribute) {
        if (expression == null) {
            return false;
        }
        if (expression.matches("(?s).*\\b" + attribute + "\\b.*")) {
            return true;
        }
        return names != null && names.entrySet().stream()
                .anyMatch(name -> name.getValue().equals(attribute) && expression.contains(name.getKey()));
    }

    private void charge(long bytes, boolean transactional) {
        long units = Math.max(1, (bytes + KB - 1) / KB);
        tableUnits.add(units);
        if (transactional) {
            transactionSurcharge.add(units);
        }
    }

    private void remember(String table, Map<String, AttributeValue> item, long size) {
        List<String> keyNames = primaryKeys.get(table);
        if (keyNames == null || !item.keySet().containsAll(keyNames)) {
            return;
        }
        Map<String, AttributeValue> key = new TreeMap<>();
        keyNames.forEach(name -> key.put(name, item.get(name)));
        lastSize.put(table + key, size);
        if (Tables.Orders.ORDER_ITEM.equals(item.get(Tables.Orders.SORT_KEY) == null ? null : item.get(Tables.Orders.SORT_KEY).s())) {
            orderItemWrites.increment();
            orderItemBytes.add(size);
        }
    }

    /** The size last seen for the item with this key; 1 KB (one unit) when it was never seen. */
    private long sizeOf(String table, Map<String, AttributeValue> key) {
        return lastSize.getOrDefault(table + new TreeMap<>(key), KB);
    }
}
