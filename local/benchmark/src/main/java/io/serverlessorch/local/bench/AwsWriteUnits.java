package io.serverlessorch.local.bench;

import io.serverlessorch.storage.dynamodb.Tables;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * Write units as AWS bills them, which DynamoDB Local does not (it counts 4 units per KB for each item of a
 * transaction, for one), and the partition key each unit lands on: 1 unit per started KB of the item
 * written (for an update, of the item after it, which is the larger here, since orders only grow), twice
 * that inside a transaction (condition checks included), and for each keys-only global secondary index,
 * 1 unit to add an entry and 1 to remove one: a new item with the index's key adds one; an update that
 * changes the key's value removes the old entry and adds the new one; an update that leaves the key alone
 * (or sets it to the value it had) writes nothing to the index.
 *
 * <p>An update inside a transaction cannot return the item, so its size is the one last seen for that key
 * (from a put or a plain update of it), and its index key is read from the update expression; the benchmark
 * places orders through the API first, so every key it updates has been seen.
 */
final class AwsWriteUnits {

    private static final long KB = 1024;

    /** Per table, the attribute keying each global secondary index, to the index's name. */
    private final Map<String, Map<String, String>> indexes;
    private final Map<String, List<String>> primaryKeys;
    private final Map<String, Long> lastSize = new ConcurrentHashMap<>();
    /** Per item seen, the value of each index key attribute it has (an attribute absent: no entry in that index). */
    private final Map<String, Map<String, String>> lastIndexKeys = new ConcurrentHashMap<>();
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
                Map.of(ordersTable, Map.of(Tables.Orders.STATUS_INDEX_PARTITION_KEY, Tables.Orders.STATUS_INDEX,
                        Tables.Orders.CREATION_INDEX_PARTITION_KEY, Tables.Orders.CREATION_INDEX,
                        Tables.Orders.CUSTOMER_ID, Tables.Orders.CUSTOMER_INDEX)),
                Map.of(ordersTable, List.of(Tables.Orders.PARTITION_KEY, Tables.Orders.SORT_KEY),
                        catalogTable, List.of(Tables.Catalog.PARTITION_KEY)));
    }

    /**
     * @param indexes     per table, each index's partition key attribute to the index's name
     * @param primaryKeys per table, its partition key attribute and then its sort key's, if any
     */
    AwsWriteUnits(Map<String, Map<String, String>> indexes, Map<String, List<String>> primaryKeys) {
        this.indexes = indexes;
        this.primaryKeys = primaryKeys;
    }

    /** Starts the counts again; the sizes and index keys seen so far are kept. */
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

    List<KeyUnits> put(PutItemRequest put) {
        List<KeyUnits> units = new ArrayList<>();
        put(put.tableName(), put.item(), false, units);
        return count(units);
    }

    /** @param itemAfter the item as the update left it, or null when the response did not carry it */
    List<KeyUnits> update(UpdateItemRequest update, Map<String, AttributeValue> itemAfter) {
        List<KeyUnits> units = new ArrayList<>();
        update(update.tableName(), update.key(), update.updateExpression(), update.expressionAttributeNames(),
                update.expressionAttributeValues(), itemAfter, false, units);
        return count(units);
    }

    List<KeyUnits> batch(BatchWriteItemRequest batch) {
        List<KeyUnits> units = new ArrayList<>();
        batch.requestItems().forEach((table, writes) -> {
            for (WriteRequest write : writes) {
                if (write.putRequest() != null) {
                    put(table, write.putRequest().item(), false, units);
                } else if (write.deleteRequest() != null) {
                    delete(table, write.deleteRequest().key(), false, units);
                }
            }
        });
        return count(units);
    }

    List<KeyUnits> transaction(TransactWriteItemsRequest transaction) {
        List<KeyUnits> units = new ArrayList<>();
        for (TransactWriteItem item : transaction.transactItems()) {
            if (item.put() != null) {
                put(item.put().tableName(), item.put().item(), true, units);
            } else if (item.update() != null) {
                update(item.update().tableName(), item.update().key(), item.update().updateExpression(),
                        item.update().expressionAttributeNames(), item.update().expressionAttributeValues(), null, true, units);
            } else if (item.conditionCheck() != null) {
                charge(item.conditionCheck().tableName(), item.conditionCheck().key(),
                        sizeOf(item.conditionCheck().tableName(), item.conditionCheck().key()), true, units);
            } else if (item.delete() != null) {
                delete(item.delete().tableName(), item.delete().key(), true, units);
            }
        }
        return count(units);
    }

    private void put(String table, Map<String, AttributeValue> item, boolean transactional, List<KeyUnits> units) {
        long size = ItemSize.of(item);
        remember(table, item, size);
        charge(table, item, size, transactional, units);
        Map<String, String> after = new HashMap<>();
        indexes.getOrDefault(table, Map.of()).keySet().forEach(attribute -> after.put(attribute, Expressions.text(item.get(attribute))));
        // A put of a new item adds one entry to each index whose key it has; one replacing an item moves what changed.
        moveEntries(table, item, after, true, units);
    }

    private void update(String table, Map<String, AttributeValue> key, String expression, Map<String, String> names,
                        Map<String, AttributeValue> values, Map<String, AttributeValue> itemAfter, boolean transactional,
                        List<KeyUnits> units) {
        boolean returned = itemAfter != null && !itemAfter.isEmpty();
        long size = returned ? ItemSize.of(itemAfter) : sizeOf(table, key);
        if (returned) {
            remember(table, itemAfter, size);
        }
        charge(table, key, size, transactional, units);
        Map<String, String> before = lastIndexKeys.get(itemKey(table, key));
        Map<String, String> after = new HashMap<>();
        for (String attribute : indexes.getOrDefault(table, Map.of()).keySet()) {
            Expressions.Change change = Expressions.change(expression, names, values, attribute);
            if (returned) {
                after.put(attribute, Expressions.text(itemAfter.get(attribute)));
            } else if (!change.touched()) {
                after.put(attribute, before == null ? null : before.get(attribute));
            } else {
                after.put(attribute, change.removed() ? null : Objects.requireNonNullElse(change.value(), KeyUnits.UNKNOWN));
            }
            if (before == null && change.touched()) {
                // Never seen: whatever entry it had is moved, from a key the trace cannot tell.
                String index = indexes.get(table).get(attribute);
                units.add(KeyUnits.write(table, index, KeyUnits.UNKNOWN, KeyUnits.Kind.INDEX_REMOVE, 1));
                if (after.get(attribute) != null) {
                    units.add(KeyUnits.write(table, index, after.get(attribute), KeyUnits.Kind.INDEX_ADD, 1));
                }
            }
        }
        if (before != null) {
            moveEntries(table, key, after, false, units);
        } else {
            lastIndexKeys.put(itemKey(table, key), after);
        }
    }

    private void delete(String table, Map<String, AttributeValue> key, boolean transactional, List<KeyUnits> units) {
        charge(table, key, sizeOf(table, key), transactional, units);
        Map<String, String> before = lastIndexKeys.remove(itemKey(table, key));
        indexes.getOrDefault(table, Map.of()).forEach((attribute, index) -> {
            String old = before == null ? KeyUnits.UNKNOWN : before.get(attribute);
            if (old != null) {
                units.add(KeyUnits.write(table, index, old, KeyUnits.Kind.INDEX_REMOVE, 1));
            }
        });
    }

    /**
     * The index entries a write moves: for each index, the old entry removed where the key's value changed or
     * went, the new one added where it changed or came. An item never seen before had no entries when
     * {@code newItem} says it is new (a put).
     */
    private void moveEntries(String table, Map<String, AttributeValue> itemOrKey, Map<String, String> after, boolean newItem,
                             List<KeyUnits> units) {
        String itemKey = itemKey(table, itemOrKey);
        if (itemKey == null) {
            return;
        }
        Map<String, String> before = lastIndexKeys.get(itemKey);
        if (before == null && !newItem) {
            return;
        }
        indexes.getOrDefault(table, Map.of()).forEach((attribute, index) -> {
            String old = before == null ? null : before.get(attribute);
            String now = after.get(attribute);
            if (Objects.equals(old, now)) {
                return;
            }
            if (old != null) {
                units.add(KeyUnits.write(table, index, old, KeyUnits.Kind.INDEX_REMOVE, 1));
            }
            if (now != null) {
                units.add(KeyUnits.write(table, index, now, KeyUnits.Kind.INDEX_ADD, 1));
            }
        });
        lastIndexKeys.put(itemKey, after);
    }

    private void charge(String table, Map<String, AttributeValue> itemOrKey, long bytes, boolean transactional, List<KeyUnits> units) {
        long charged = Math.max(1, (bytes + KB - 1) / KB);
        String key = partitionKey(table, itemOrKey);
        units.add(KeyUnits.write(table, null, key, KeyUnits.Kind.ITEM, charged));
        if (transactional) {
            units.add(KeyUnits.write(table, null, key, KeyUnits.Kind.TRANSACTION_SURCHARGE, charged));
        }
    }

    /** Adds a request's units to the totals, and hands them on. */
    private List<KeyUnits> count(List<KeyUnits> units) {
        for (KeyUnits unit : units) {
            switch (unit.kind()) {
                case ITEM -> tableUnits.add(unit.writeUnits());
                case TRANSACTION_SURCHARGE -> transactionSurcharge.add(unit.writeUnits());
                case INDEX_ADD, INDEX_REMOVE -> indexUnits.add(unit.writeUnits());
                default -> {
                }
            }
        }
        return units;
    }

    private void remember(String table, Map<String, AttributeValue> item, long size) {
        String itemKey = itemKey(table, item);
        if (itemKey == null) {
            return;
        }
        lastSize.put(itemKey, size);
        if (Tables.Orders.ORDER_ITEM.equals(item.get(Tables.Orders.SORT_KEY) == null ? null : item.get(Tables.Orders.SORT_KEY).s())) {
            orderItemWrites.increment();
            orderItemBytes.add(size);
        }
    }

    /** The size last seen for the item with this key; 1 KB (one unit) when it was never seen. */
    private long sizeOf(String table, Map<String, AttributeValue> key) {
        String itemKey = itemKey(table, key);
        return itemKey == null ? KB : lastSize.getOrDefault(itemKey, KB);
    }

    /** The table and the item's primary key, as one text; null for a table not described or an item without its key. */
    private String itemKey(String table, Map<String, AttributeValue> itemOrKey) {
        List<String> keyNames = primaryKeys.get(table);
        if (keyNames == null || !itemOrKey.keySet().containsAll(keyNames)) {
            return null;
        }
        Map<String, AttributeValue> key = new TreeMap<>();
        keyNames.forEach(name -> key.put(name, itemOrKey.get(name)));
        return table + key;
    }

    private String partitionKey(String table, Map<String, AttributeValue> itemOrKey) {
        List<String> keyNames = primaryKeys.get(table);
        String value = keyNames == null ? null : Expressions.text(itemOrKey.get(keyNames.get(0)));
        return value == null ? KeyUnits.UNKNOWN : value;
    }
}
